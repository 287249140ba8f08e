package scalelab.resilience.cart;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /fixed} cart's way to the product service: each read goes through, outermost first,
 *
 * <ol>
 *   <li>a semaphore {@link Bulkhead}: at most {@link FixedConfig#bulkheadCalls()} reads in flight, so a slow
 *       product service holds at most that many request threads; one more waits {@link
 *       FixedConfig#bulkheadWait()} at most, then falls back. A refusal here is about our own load, not
 *       the product service's health, so the breaker does not count it;
 *   <li>a {@link CircuitBreaker} named {@value #NAME} (COUNT_BASED window; failure-rate and slow-call-rate
 *       thresholds; automatic OPEN to HALF_OPEN after the wait). A 404 is an answer, recorded as a success;
 *   <li>a {@link TimeLimiter}: no answer within {@link FixedConfig#timeout()} is a failure, and the HTTP
 *       call is cancelled.
 * </ol>
 *
 * <p>Only while the breaker is CLOSED does a user's request wait for a live call (at most the time
 * limit). While it is not CLOSED the request is answered at once from the cache of last-known products,
 * else "price pending", and, when the breaker grants a permission (a HALF_OPEN trial, or OPEN with its
 * wait elapsed, which moves it to HALF_OPEN), the trial call is made in the background: a <em>probe</em>
 * on a virtual thread, through the same bulkhead and time limiter, whose outcome the breaker records
 * exactly as its own decorator would (so the trials still close it or open it again) and whose answer
 * refreshes the cache. At most one probe per product is in flight, and at most {@link
 * FixedConfig#halfOpenCalls()} overall, since each holds one of the breaker's half-open permissions.
 * Probes are started by requests: with no traffic a HALF_OPEN breaker waits for the next one.
 *
 * <p>When any protection refuses or a live read fails, the answer falls back to the cache, then to
 * "price pending". Times the breaker measures (open wait, call durations) come from the given {@link
 * Clock}, so tests move time instead of sleeping.
 */
final class ProtectedProducts implements ProductLookup {
    /** The breaker's, the limiter's and the bulkhead's name, and the {@code name} tag of their meters. */
    static final String NAME = "product-service";

    private static final Logger log = LoggerFactory.getLogger(ProtectedProducts.class);

    private final ProductSource source;
    private final ProductCache cache;
    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry limiters;
    private final BulkheadRegistry bulkheads;
    private final CircuitBreaker breaker;
    private final TimeLimiter limiter;
    private final Bulkhead bulkhead;
    // each counts one outcome of a lookup or of a probe
    private final LongAdder live = new LongAdder();
    private final LongAdder fromCache = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    private final LongAdder bulkheadFull = new LongAdder();
    // background trial calls while the breaker is not CLOSED
    private final Executor probeRunner;
    private final Set<String> probing = ConcurrentHashMap.newKeySet(); // products with a probe in flight
    private final LongAdder probesStarted = new LongAdder();
    private final LongAdder probesSucceeded = new LongAdder();

    ProtectedProducts(ProductSource source, FixedConfig config, Clock clock) {
        this(
                source,
                config,
                clock,
                task -> Thread.ofVirtual().name("product-probe").start(task));
    }

    /** @param probeRunner runs each probe: a new virtual thread in service; the caller's thread in some tests */
    ProtectedProducts(ProductSource source, FixedConfig config, Clock clock, Executor probeRunner) {
        this.source = source;
        this.probeRunner = probeRunner;
        this.cache = new ProductCache(config.cacheTtl(), config.cacheMaxProducts(), clock);
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRatePercent())
                .slowCallDurationThreshold(config.slowCall())
                .slowCallRateThreshold(config.slowCallRatePercent())
                .waitDurationInOpenState(config.openWait())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS) // call durations from the clock too
                .build());
        this.limiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                .timeoutDuration(config.timeout())
                .cancelRunningFuture(true)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(config.bulkheadCalls())
                .maxWaitDuration(config.bulkheadWait())
                .writableStackTraceEnabled(false)
                .build());
        this.breaker = breakers.circuitBreaker(NAME);
        this.limiter = limiters.timeLimiter(NAME);
        this.bulkhead = bulkheads.bulkhead(NAME);
        breaker.getEventPublisher()
                .onStateTransition(event -> log.info(
                        "circuit breaker {}: {} -> {}",
                        NAME,
                        event.getStateTransition().getFromState(),
                        event.getStateTransition().getToState()))
                .onReset(event -> log.info("circuit breaker {}: reset, CLOSED with an empty window", NAME));
    }

    /**
     * Product {@code id}. Breaker CLOSED: live if the product service answers in time, else cached, else
     * pending. Breaker not CLOSED: cached, else pending, at once, and a probe in the background when the
     * breaker permits a trial call.
     */
    @Override
    public Lookup lookup(String id) {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            Lookup answer = fallBack(id); // answered before the probe starts: never waits for it
            probeIfPermitted(id);
            return answer;
        }
        return liveOrFallBack(id);
    }

    private Lookup liveOrFallBack(String id) {
        Optional<Product> answer;
        try {
            answer = bulkhead.executeCallable(
                    () -> breaker.executeCallable(() -> limiter.executeFutureSupplier(() -> source.fetch(id))));
        } catch (BulkheadFullException e) {
            bulkheadFull.increment();
            log.debug("product {}: bulkhead full, falling back", id);
            return fallBack(id);
        } catch (CallNotPermittedException e) {
            notPermitted.increment();
            return fallBack(id);
        } catch (TimeoutException e) {
            timeouts.increment();
            log.debug("product {}: no answer within the time limit, falling back", id);
            return fallBack(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the request is being abandoned: answer what we have
            return fallBack(id);
        } catch (Exception e) {
            failures.increment();
            log.debug("product {}: read failed ({}), falling back", id, e.toString());
            return fallBack(id);
        }
        if (answer.isEmpty()) {
            notFound.increment();
            return Lookup.notFound();
        }
        cache.put(answer.get());
        live.increment();
        return Lookup.live(answer.get());
    }

    /**
     * Starts a probe of product {@code id} unless one is in flight for it or the breaker refuses a call
     * ({@code tryAcquirePermission} counts the refusal, and moves an OPEN breaker whose wait has elapsed to
     * HALF_OPEN, taking one of its trial permissions).
     */
    private void probeIfPermitted(String id) {
        if (!probing.add(id)) {
            return; // this product's probe is in flight: its outcome will tell
        }
        if (!breaker.tryAcquirePermission()) {
            probing.remove(id);
            notPermitted.increment();
            return;
        }
        probesStarted.increment();
        try {
            probeRunner.execute(() -> probe(id));
        } catch (RuntimeException e) { // no thread for it: give the permission back
            breaker.releasePermission();
            probing.remove(id);
            log.warn("product {}: could not start a probe ({})", id, e.toString());
        }
    }

    /**
     * The probe itself, holding one breaker permission: bulkhead, then the timed call.
     *
     * <p>The permission's bookkeeping: the probe ends in exactly one of two ways. Either {@link #probeCall}
     * recorded an outcome ({@code onResult} or {@code onError}, which consumes the permission), or it did
     * not, and the permission is given back in {@code finally} ({@code releasePermission}). The second
     * covers everything that is no verdict on the product service: the bulkhead full ({@link
     * BulkheadFullException}), the bulkhead wait interrupted ({@code AcquirePermissionCancelledException}),
     * an interrupt while the call was under way (shutdown), and any unexpected exception. Without the
     * release, each such probe would hold a half-open permission for good, and after {@link
     * FixedConfig#halfOpenCalls()} of them the breaker would stay HALF_OPEN forever.
     */
    private void probe(String id) {
        var recorded = new boolean[1]; // set by probeCall once the breaker has an outcome for this permission
        try {
            bulkhead.executeCallable(() -> {
                recorded[0] = probeCall(id);
                return null;
            });
        } catch (BulkheadFullException e) {
            bulkheadFull.increment(); // never reached the product service: not a trial
        } catch (Exception e) {
            log.debug("product {}: probe ended with {}", id, e.toString());
        } finally {
            if (!recorded[0]) {
                breaker.releasePermission();
            }
            probing.remove(id);
        }
    }

    /**
     * One call through the time limiter, recorded on the breaker as {@link
     * CircuitBreaker#decorateCallable} records it (duration by the breaker's clock; {@code onResult} or
     * {@code onError}), the permission having been taken by {@link #probeIfPermitted}. Returns whether it
     * recorded an outcome: not when the probe's thread was interrupted (shutting down), which says nothing
     * about the product service; the caller then gives the permission back.
     */
    private boolean probeCall(String id) {
        long start = breaker.getCurrentTimestamp();
        try {
            Optional<Product> answer = limiter.executeFutureSupplier(() -> source.fetch(id));
            breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), answer);
            answer.ifPresent(cache::put);
            probesSucceeded.increment();
            log.debug("product {}: probe answered", id);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: no verdict on the product service
            return false;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                return false; // the call failed because we were interrupted (e.g. an I/O wait): no verdict
            }
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            (e instanceof TimeoutException ? timeouts : failures).increment();
            log.debug("product {}: probe failed ({})", id, e.toString());
            return true;
        }
    }

    /** Probes in flight now. */
    int probesInFlight() {
        return probing.size();
    }

    @Override
    public Lookup fallBack(String id) {
        Optional<Product> known = cache.get(id);
        if (known.isPresent()) {
            fromCache.increment();
            return Lookup.cached(known.get());
        }
        pending.increment();
        return Lookup.pending();
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public String breakerState() {
        return breaker.getState().name();
    }

    @Override
    public boolean isDegraded() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** Closes the breaker and empties its window (POST /circuit-breaker/reset). */
    void reset() {
        breaker.reset();
    }

    /** The breaker, bulkhead, limiter and cache figures of {@code GET /fixed/metrics}. */
    @Override
    public Map<String, Object> describe() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        var out = new LinkedHashMap<String, Object>();
        out.put("circuit_breaker_state", breaker.getState().name());
        out.put("failure_rate", m.getFailureRate()); // percent; -1 until the window holds the minimum calls
        out.put("slow_call_rate", m.getSlowCallRate());
        out.put("buffered_calls", m.getNumberOfBufferedCalls());
        out.put("failed_calls", m.getNumberOfFailedCalls());
        out.put("slow_calls", m.getNumberOfSlowCalls());
        out.put("successful_calls", m.getNumberOfSuccessfulCalls());
        out.put("not_permitted_calls", m.getNumberOfNotPermittedCalls());
        out.put("bulkhead_available", bulkhead.getMetrics().getAvailableConcurrentCalls());
        out.put("bulkhead_rejected", bulkheadFull.sum());
        out.put("timeouts", timeouts.sum());
        out.put("probes_started", probesStarted.sum());
        out.put("probes_succeeded", probesSucceeded.sum());
        out.put("probes_in_flight", probing.size());
        out.put("product_failures", failures.sum());
        out.put("lookups_live", live.sum());
        out.put("lookups_cached", fromCache.sum());
        out.put("lookups_price_pending", pending.sum());
        out.put("lookups_not_found", notFound.sum());
        out.put("cache_size", cache.size());
        out.put("cache_hits", cache.hits());
        out.put("cache_misses", cache.misses());
        return out;
    }

    /** Resilience4j's own meters (state, calls, bulkhead, limiter) and the cache's, for /prometheus. */
    @Override
    public void bindMeters(MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(limiters).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
        Gauge.builder("cart.product.cache.size", cache, ProductCache::size)
                .description("products in the fixed cart's cache of last-known products")
                .register(registry);
        FunctionCounter.builder("cart.product.cache.hits", cache, ProductCache::hits)
                .description("fallbacks answered from the cache")
                .register(registry);
        FunctionCounter.builder("cart.product.lookups", pending, LongAdder::sum)
                .tag("outcome", "price_pending")
                .description("product reads of the fixed cart, by outcome")
                .register(registry);
        FunctionCounter.builder("cart.product.lookups", fromCache, LongAdder::sum)
                .tag("outcome", "cached")
                .description("product reads of the fixed cart, by outcome")
                .register(registry);
        FunctionCounter.builder("cart.product.lookups", live, LongAdder::sum)
                .tag("outcome", "live")
                .description("product reads of the fixed cart, by outcome")
                .register(registry);
    }
}
