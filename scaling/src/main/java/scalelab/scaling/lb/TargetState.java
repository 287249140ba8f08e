package scalelab.scaling.lb;

/** Where a target stands, as in a cloud load balancer's target group. */
public enum TargetState {
    /** Registered, not yet passed its health checks: gets no traffic. */
    INITIAL,
    /** Passed its health checks: gets traffic. */
    HEALTHY,
    /** Failed its health checks, or ejected after a connection failure: gets no traffic until it passes again. */
    UNHEALTHY,
    /** Being removed: gets no new traffic; removed once its requests in flight are done (or the drain time is up). */
    DRAINING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
