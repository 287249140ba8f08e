package scalelab.flashsale;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import scalelab.core.json.Json;
import scalelab.core.messaging.ConsumerSpec;
import scalelab.flashsale.order.OrderInput;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.PayingOrderProcessor;
import scalelab.flashsale.worker.OrderWorkers;
import scalelab.flashsale.worker.ProcessingStats;

/**
 * Measures how many queued orders N workers complete per second, against the ideal N / payment time, on the
 * real processing path: a {@link FlashSale} without workers takes {@code orders} orders through {@code
 * OrderService.placeAsync} (store, publish, confirm) until the queue holds them all; then {@link OrderWorkers}
 * with {@link PayingOrderProcessor} (store, payment gateway, charge ledger, ack) start on that full queue.
 *
 * <p>Completions are read from {@link ProcessingStats} every {@value #SAMPLE_MILLIS} ms. The first {@code
 * warmup} completions are skipped (connection, JIT, the first wave); the rate is the next {@code window}
 * completions divided by the time they took. Both are whole multiples of N: N workers started together on a
 * full queue finish in waves of N every payment time, so a window of whole waves starts and ends at the
 * same point of a wave. The queue holds N orders more than warm-up and window, so every worker still has
 * an order while the window runs. All orders must end completed and charged once, or the run is invalid.
 */
public final class ProcessingBenchmark {
    static final int SAMPLE_MILLIS = 2;
    private static final int PUBLISHERS = 32;

    /**
     * What to measure.
     *
     * @param workers N, the order workers
     * @param prefetch deliveries the workers hold at most (at least N)
     * @param paymentTime the payment time P
     * @param warmup completions skipped before the window (a multiple of N)
     * @param window completions measured (a multiple of N)
     */
    public record Plan(int workers, int prefetch, Duration paymentTime, int warmup, int window) {
        public Plan {
            if (workers < 1 || prefetch < workers) {
                throw new IllegalArgumentException(
                        "workers must be >= 1 and prefetch >= workers but were " + workers + " and " + prefetch);
            }
            if (paymentTime.isNegative() || paymentTime.isZero()) {
                throw new IllegalArgumentException("payment time must be > 0 but was " + paymentTime);
            }
            if (warmup < workers || warmup % workers != 0 || window < workers || window % workers != 0) {
                throw new IllegalArgumentException("warm-up and window must be whole multiples of the workers ("
                        + workers + ") but were " + warmup + " and " + window);
            }
        }

        /**
         * The plan used by {@code bench/flashsale.sh}: warm-up of one wave (at least {@code 20} orders), and a
         * window of whole waves holding at least 300 completions and lasting at least 5 s of ideal time.
         */
        public static Plan of(int workers, Duration paymentTime) {
            double ideal = workers / seconds(paymentTime);
            int warmupWaves = Math.max(1, ceilDiv(20, workers));
            int minimum = (int) Math.max(300, Math.ceil(ideal * 5));
            return new Plan(workers, workers, paymentTime, warmupWaves * workers, ceilDiv(minimum, workers) * workers);
        }

        /** Orders queued: warm-up + window + one wave, so no worker runs dry before the window ends. */
        public int orders() {
            return warmup + window + workers;
        }

        /** N / P, completions per second. */
        public double idealRate() {
            return workers / seconds(paymentTime);
        }

        public Plan withPrefetch(int newPrefetch) {
            return new Plan(workers, newPrefetch, paymentTime, warmup, window);
        }
    }

    /**
     * What was measured.
     *
     * @param rate completions per second over the window
     * @param windowSeconds how long the window took
     * @param fillSeconds how long queuing the orders took
     * @param totalSeconds from the workers' start to the last completion
     * @param completed orders completed (all of them, for a valid run)
     * @param charges charges recorded (one per order, for a valid run)
     * @param problems orders that failed, were retried, poison or unknown
     * @param leftInQueue messages still in the queue after the workers stopped (0, for a valid run: every
     *     completed order was acknowledged)
     */
    public record Result(
            Plan plan,
            String broker,
            double rate,
            double windowSeconds,
            double fillSeconds,
            double totalSeconds,
            long completed,
            long charges,
            long problems,
            long leftInQueue) {
        /** Measured rate / ideal rate. */
        public double ratio() {
            return rate / plan.idealRate();
        }

        /** All orders completed, each charged once and acknowledged, nothing failed or retried. */
        public boolean valid() {
            return completed == plan.orders() && charges == plan.orders() && problems == 0 && leftInQueue == 0;
        }

        /** What the window's rate implies each order costs beyond the payment time: N / rate - P, in ms. */
        public double overheadMillis() {
            return 1000 * (plan.workers() / rate - seconds(plan.paymentTime()));
        }

        public String toJson() {
            var fields = new java.util.LinkedHashMap<String, Object>();
            fields.put("broker", broker);
            fields.put("workers", plan.workers());
            fields.put("prefetch", plan.prefetch());
            fields.put("payment_time_ms", plan.paymentTime().toMillis());
            fields.put("orders", plan.orders());
            fields.put("warmup", plan.warmup());
            fields.put("window", plan.window());
            fields.put("ideal_per_s", round(plan.idealRate()));
            fields.put("measured_per_s", round(rate));
            fields.put("ratio", Math.round(ratio() * 10_000) / 10_000.0);
            fields.put("window_s", round(windowSeconds));
            fields.put("fill_s", round(fillSeconds));
            fields.put("total_s", round(totalSeconds));
            fields.put("completed", completed);
            fields.put("charges", charges);
            fields.put("problems", problems);
            fields.put("left_in_queue", leftInQueue);
            fields.put("overhead_ms_per_order", round(overheadMillis()));
            fields.put("valid", valid());
            return Json.write(fields);
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }

    private ProcessingBenchmark() {}

    /**
     * Runs the plan on the broker and store {@code base} names (its workers, prefetch and payment time are the
     * plan's); progress lines go to {@code progress}.
     *
     * @throws IllegalStateException when the queue is not empty at the start, or the run does not finish in
     *     time (twice the ideal time plus a minute)
     */
    public static Result run(FlashSaleConfig base, Plan plan, PrintStream progress) throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        FlashSaleConfig config = base.withWorkers(0, 0).withPaymentTime(plan.paymentTime());
        try (FlashSale sale = FlashSale.open(config)) {
            long stale = sale.broker().depth(OrderMessages.QUEUE);
            if (stale != 0) {
                throw new IllegalStateException("queue " + OrderMessages.QUEUE + " holds " + stale
                        + " messages already: purge it (or use a fresh vhost) before measuring");
            }
            long fillStart = System.nanoTime();
            fill(sale, plan.orders());
            awaitDepth(sale, plan.orders());
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            progress.printf(
                    Locale.ROOT,
                    "  %d orders queued in %.1f s on %s; starting %d workers (prefetch %d, payment %d ms)%n",
                    plan.orders(),
                    fillSeconds,
                    sale.broker().describe(),
                    plan.workers(),
                    plan.prefetch(),
                    plan.paymentTime().toMillis());

            var stats = new ProcessingStats();
            var workers = OrderWorkers.of(
                    sale.broker(),
                    new ConsumerSpec(plan.workers(), plan.prefetch()),
                    new PayingOrderProcessor(sale.store(), sale.gateway()),
                    stats);
            int first = plan.warmup();
            int last = plan.warmup() + plan.window();
            long[] reachedAt = new long[plan.orders() + 1]; // nanoTime at which the count first reached i
            long deadline =
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + (long) (2e9 * plan.orders() / plan.idealRate());
            long start = System.nanoTime();
            workers.start();
            try {
                int seen = 0;
                long nextReport = start + TimeUnit.SECONDS.toNanos(5);
                while (seen < plan.orders()) {
                    long now = System.nanoTime();
                    int count = (int) Math.min(plan.orders(), stats.completedCount());
                    for (int i = seen + 1; i <= count; i++) {
                        reachedAt[i] = now;
                    }
                    seen = Math.max(seen, count);
                    if (now > deadline) {
                        throw new IllegalStateException("only " + seen + " of " + plan.orders()
                                + " orders completed in time (failed " + stats.failedCount() + ", retried "
                                + stats.retriedCount() + ")");
                    }
                    if (now >= nextReport) {
                        progress.printf(
                                Locale.ROOT,
                                "  %.0f s: %d of %d completed%n",
                                (now - start) / 1e9,
                                seen,
                                plan.orders());
                        nextReport += TimeUnit.SECONDS.toNanos(5);
                    }
                    Thread.sleep(SAMPLE_MILLIS);
                }
            } finally {
                workers.close();
            }
            long left = awaitEmpty(sale);
            double windowSeconds = (reachedAt[last] - reachedAt[first]) / 1e9;
            long problems = stats.failedCount() + stats.retriedCount() + stats.poisonCount() + stats.unknownCount();
            return new Result(
                    plan,
                    sale.broker().describe(),
                    plan.window() / windowSeconds,
                    windowSeconds,
                    fillSeconds,
                    (reachedAt[plan.orders()] - start) / 1e9,
                    stats.completedCount(),
                    sale.gateway().charges(),
                    problems,
                    left);
        }
    }

    /** Places {@code orders} random orders through the asynchronous path, from a few publishers at once. */
    private static void fill(FlashSale sale, int orders) throws InterruptedException {
        var next = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                long seed = p;
                publishers.add(pool.submit(() -> {
                    RandomGenerator random = new java.util.SplittableRandom(seed);
                    while (next.getAndIncrement() < orders) {
                        var body = Json.read(
                                FlashSaleScenario.order(random), com.fasterxml.jackson.databind.JsonNode.class);
                        sale.orders().placeAsync(OrderInput.parse(body));
                    }
                    return null;
                }));
            }
            for (var publisher : publishers) {
                try {
                    publisher.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("queuing the orders failed: " + e.getCause(), e.getCause());
                }
            }
        }
    }

    /** Waits until the queue reports all orders (the broker may count a confirmed message a moment later). */
    private static void awaitDepth(FlashSale sale, int orders) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long depth;
        while ((depth = sale.broker().depth(OrderMessages.QUEUE)) < orders) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the queue holds " + depth + " of " + orders + " confirmed orders after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Messages left in the queue once acknowledgements have settled (waits up to 5 s for 0). */
    private static long awaitEmpty(FlashSale sale) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long depth;
        while ((depth = sale.broker().depth(OrderMessages.QUEUE)) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return depth;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
