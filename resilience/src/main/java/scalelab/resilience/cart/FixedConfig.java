package scalelab.resilience.cart;

import java.time.Duration;

/**
 * The protection settings of the {@code /fixed} cart. Each setting's default is the {@code DEFAULT_*}
 * constant of the same name; {@link #defaults()} gives them all.
 *
 * @param timeout longest wait for the product service's answer, enforced by a Resilience4j TimeLimiter
 *     (default {@link #DEFAULT_TIMEOUT}); the HTTP client's connect timeout is the same, its request
 *     timeout {@link #HTTP_TIMEOUT_MARGIN} longer, as a backstop should the limiter's cancel be missed
 * @param breakerWindow calls in the breaker's COUNT_BASED sliding window (default {@link
 *     #DEFAULT_BREAKER_WINDOW})
 * @param minimumCalls calls the window must hold before the breaker judges rates (default {@link
 *     #DEFAULT_MINIMUM_CALLS}); at most {@code breakerWindow} counts
 * @param failureRatePercent failed calls in the window, in percent, that open the breaker (default {@link
 *     #DEFAULT_FAILURE_RATE_PERCENT}); a failure is a timeout, a refused or broken connection, any
 *     status but 200 or 404, or a 200 that is not a product (a 404 is an answer, not a failure)
 * @param slowCall a call that takes longer is slow (default {@link #DEFAULT_SLOW_CALL})
 * @param slowCallRatePercent slow calls in the window, in percent, that open the breaker (default {@link
 *     #DEFAULT_SLOW_CALL_RATE_PERCENT})
 * @param openWait how long the breaker stays OPEN before letting trial calls through in HALF_OPEN (default
 *     {@link #DEFAULT_OPEN_WAIT}); the move to HALF_OPEN is automatic
 * @param halfOpenCalls trial calls in HALF_OPEN; their failure and slow-call rates decide CLOSED or OPEN
 *     again (default {@link #DEFAULT_HALF_OPEN_CALLS})
 * @param bulkheadCalls most calls to the product service in flight at once (a semaphore bulkhead; default
 *     {@link #DEFAULT_BULKHEAD_CALLS}); one more waits at most {@code bulkheadWait}, then falls back
 * @param bulkheadWait longest wait for a place in the bulkhead (default {@link #DEFAULT_BULKHEAD_WAIT})
 * @param cacheTtl how long a product read live may stand in for the product service (default {@link
 *     #DEFAULT_CACHE_TTL})
 * @param cacheMaxProducts most products the cache holds (default {@link #DEFAULT_CACHE_MAX_PRODUCTS}); the
 *     least recently stored goes first
 */
public record FixedConfig(
        Duration timeout,
        int breakerWindow,
        int minimumCalls,
        float failureRatePercent,
        Duration slowCall,
        float slowCallRatePercent,
        Duration openWait,
        int halfOpenCalls,
        int bulkheadCalls,
        Duration bulkheadWait,
        Duration cacheTtl,
        int cacheMaxProducts) {

    /** Time limiter: 500 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** The HTTP client's request timeout exceeds the limiter's by this: 100 ms. */
    public static final Duration HTTP_TIMEOUT_MARGIN = Duration.ofMillis(100);
    /** Sliding window: 10 calls. */
    public static final int DEFAULT_BREAKER_WINDOW = 10;
    /** Minimum calls before rates count: 5 calls. */
    public static final int DEFAULT_MINIMUM_CALLS = 5;
    /** Failure-rate threshold: 50 percent. */
    public static final float DEFAULT_FAILURE_RATE_PERCENT = 50;
    /** Slow-call duration: 300 ms. */
    public static final Duration DEFAULT_SLOW_CALL = Duration.ofMillis(300);
    /** Slow-call-rate threshold: 50 percent. */
    public static final float DEFAULT_SLOW_CALL_RATE_PERCENT = 50;
    /** Wait in OPEN: 5 s. */
    public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(5);
    /** Trial calls in HALF_OPEN: 3 calls. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;
    /** Bulkhead: 20 concurrent calls. */
    public static final int DEFAULT_BULKHEAD_CALLS = 20;
    /** Bulkhead wait: 5 ms. */
    public static final Duration DEFAULT_BULKHEAD_WAIT = Duration.ofMillis(5);
    /** Cache TTL: 5 min. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    /** Cache size: 10,000 products. */
    public static final int DEFAULT_CACHE_MAX_PRODUCTS = 10_000;

    /** @throws IllegalArgumentException naming the first value out of range */
    public FixedConfig {
        positive("timeout", timeout);
        atLeast("breakerWindow", breakerWindow, 1);
        atLeast("minimumCalls", minimumCalls, 1);
        percent("failureRatePercent", failureRatePercent);
        positive("slowCall", slowCall);
        percent("slowCallRatePercent", slowCallRatePercent);
        positive("openWait", openWait);
        atLeast("halfOpenCalls", halfOpenCalls, 1);
        atLeast("bulkheadCalls", bulkheadCalls, 1);
        if (bulkheadWait == null || bulkheadWait.isNegative()) {
            throw new IllegalArgumentException("bulkheadWait must be >= 0 but was " + bulkheadWait);
        }
        positive("cacheTtl", cacheTtl);
        atLeast("cacheMaxProducts", cacheMaxProducts, 1);
    }

    /** Every {@code DEFAULT_*} value. */
    public static FixedConfig defaults() {
        return new FixedConfig(
                DEFAULT_TIMEOUT,
                DEFAULT_BREAKER_WINDOW,
                DEFAULT_MINIMUM_CALLS,
                DEFAULT_FAILURE_RATE_PERCENT,
                DEFAULT_SLOW_CALL,
                DEFAULT_SLOW_CALL_RATE_PERCENT,
                DEFAULT_OPEN_WAIT,
                DEFAULT_HALF_OPEN_CALLS,
                DEFAULT_BULKHEAD_CALLS,
                DEFAULT_BULKHEAD_WAIT,
                DEFAULT_CACHE_TTL,
                DEFAULT_CACHE_MAX_PRODUCTS);
    }

    public FixedConfig withTimeout(Duration value) {
        return new FixedConfig(
                value,
                breakerWindow,
                minimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                openWait,
                halfOpenCalls,
                bulkheadCalls,
                bulkheadWait,
                cacheTtl,
                cacheMaxProducts);
    }

    public FixedConfig withOpenWait(Duration value) {
        return new FixedConfig(
                timeout,
                breakerWindow,
                minimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                value,
                halfOpenCalls,
                bulkheadCalls,
                bulkheadWait,
                cacheTtl,
                cacheMaxProducts);
    }

    public FixedConfig withBulkhead(int calls, Duration wait) {
        return new FixedConfig(
                timeout,
                breakerWindow,
                minimumCalls,
                failureRatePercent,
                slowCall,
                slowCallRatePercent,
                openWait,
                halfOpenCalls,
                calls,
                wait,
                cacheTtl,
                cacheMaxProducts);
    }

    /** One line for the startup log. */
    public String describe() {
        return "timeout=" + timeout.toMillis() + "ms breaker-window=" + breakerWindow + " minimum-calls=" + minimumCalls
                + " failure-rate=" + failureRatePercent + "% slow-call=" + slowCall.toMillis() + "ms@"
                + slowCallRatePercent + "% open-wait=" + openWait.toMillis() + "ms half-open-calls=" + halfOpenCalls
                + " bulkhead=" + bulkheadCalls + " bulkhead-wait=" + bulkheadWait.toMillis() + "ms cache-ttl="
                + cacheTtl.toSeconds() + "s cache-max=" + cacheMaxProducts;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be >= 1ms but was " + value);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
    }

    private static void percent(String name, float value) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be in (0, 100] but was " + value);
        }
    }
}
