/**
 * The flash sale: synchronous orders that queue for one slow payment at a time, asynchronous orders
 * published to a topic and processed by scalable workers off a durable queue, and the same processing as a
 * function (serverless) under a local Lambda-like runtime, with a cost model.
 */
package scalelab.flashsale;
