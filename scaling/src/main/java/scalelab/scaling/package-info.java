/** Horizontal scaling: the load balancer, the instance supervisor, the autoscaler and their experiment. */
package scalelab.scaling;
