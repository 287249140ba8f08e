/**
 * Cart resilience (API.md, "Product service with failure injection, and the shopping cart that depends on
 * it"): a product service whose failures are injected on demand, and a cart service that calls it in two
 * variants side by side: {@code /vulnerable} (no timeout, no breaker) and {@code /fixed} (time limiter,
 * circuit breaker, bulkhead, a cache of last-known products, and a degraded mode).
 */
package scalelab.resilience;
