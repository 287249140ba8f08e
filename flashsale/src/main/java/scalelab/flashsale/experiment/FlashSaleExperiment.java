package scalelab.flashsale.experiment;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import scalelab.core.client.JsonClient;
import scalelab.core.config.Redact;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.core.report.Machine;
import scalelab.flashsale.FlashSale;
import scalelab.flashsale.FlashSaleConfig;
import scalelab.flashsale.FlashSaleScenario;
import scalelab.flashsale.Processor;
import scalelab.flashsale.function.FunctionOrderConsumer;
import scalelab.flashsale.function.FunctionStats;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderStatus;
import scalelab.loadgen.LoadTest;

/**
 * The flash-sale experiment (issue 6): the same buyers against the synchronous API and the asynchronous one, each
 * phase on a fresh service in this JVM on loopback.
 *
 * <ol>
 *   <li>sync, {@value #FEW_USERS} users: one payment at a time keeps up;
 *   <li>sync, {@value #USERS} users: the bottleneck, long waits and 503s after the sync timeout;
 *   <li>async, {@value #USERS} users, with 1, 5, 20 and 100 workers: acceptance, accept latency, queue depth over
 *       time, completions per second, and the time to drain after the load stops, measured up to a cap and
 *       PROJECTED beyond it (orders left / measured processing rate); then the rest is discarded;
 *   <li>the function variant: the same processing under the local serverless runtime: cold starts, init,
 *       concurrent executions, billed duration, and the monthly cost of containers vs functions.
 * </ol>
 *
 * Phases 3 and 4 run on the broker given ({@code in-process} by default; on RabbitMQ the queue is emptied through
 * the port before and after each run). It writes {@code index.html}, {@code timeline.csv}, {@code queue.csv},
 * {@code function.csv}, {@code phases.csv} and each phase's load report, and prints one line per phase and goal.
 */
public final class FlashSaleExperiment {
    static final int FEW_USERS = 5;
    static final int USERS = 20;
    static final List<Integer> WORKER_COUNTS = List.of(1, 5, 20, 100);

    /** The function's concurrency limit: Lambda's default account concurrency, far above what the load needs. */
    static final int FUNCTION_CONCURRENCY = 1000;

    /** The original's promise for an accepted order's answer, in milliseconds. */
    static final double ACCEPT_P99_GOAL_MS = 100;

    /** The throughput goal: within this fraction of N / payment time. */
    static final double THROUGHPUT_TOLERANCE = 0.05;

    /** The cost example: orders per month. */
    static final long COST_EXAMPLE_ORDERS = 1_000_000;

    /**
     * @param out the report folder
     * @param quick short phases, with a shorter payment time and sync timeout so the same shapes show
     * @param brokerUrl {@code in-process} or {@code amqp://...}, for phases 3 and 4
     */
    public record Config(Path out, boolean quick, String brokerUrl) {
        public Config {
            brokerUrl = brokerUrl == null || brokerUrl.isBlank() ? Brokers.IN_PROCESS : brokerUrl.strip();
        }

        public Config(Path out, boolean quick) {
            this(out, quick, Brokers.IN_PROCESS);
        }

        Duration paymentTime() {
            return quick ? Duration.ofMillis(500) : Duration.ofSeconds(3);
        }

        Duration syncTimeout() {
            return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(30);
        }

        Duration fewUsersPhase() {
            return quick ? Duration.ofSeconds(6) : Duration.ofSeconds(30);
        }

        Duration usersPhase() {
            return quick ? Duration.ofSeconds(8) : Duration.ofSeconds(60);
        }

        /** The longest wait for a backlog to drain after the load stops; beyond it the drain is projected. */
        Duration drainCap() {
            return quick ? Duration.ofSeconds(5) : Duration.ofSeconds(60);
        }

        Duration sampleEvery() {
            return quick ? Duration.ofMillis(250) : Duration.ofMillis(500);
        }

        Duration progressEvery() {
            return quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        }

        /** Async load before the phases, not recorded: the first requests of a cold JVM are slow. */
        Duration warmUp() {
            return quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        }

        /** The load generator's timeout: above the longest sync answer (the timeout, then a payment). */
        Duration requestTimeout() {
            return syncTimeout().plus(paymentTime().multipliedBy(2)).plusSeconds(5);
        }

        boolean inProcess() {
            return brokerUrl.equals(Brokers.IN_PROCESS);
        }

        /** The service of the sync phases: in-process broker, memory, one payment at a time, no workers. */
        FlashSaleConfig sync() {
            return FlashSaleConfig.defaults()
                    .withPaymentTime(paymentTime())
                    .withSync(syncTimeout(), 1)
                    .withWorkers(0, 0);
        }

        /** The service of an async phase: the broker given, memory, {@code workers} workers (0: none). */
        /** {@code workers} container workers, or with 0 the function variant ({@code --processor function}). */
        FlashSaleConfig async(int workers) {
            FlashSaleConfig async = sync().withStorage(brokerUrl, "");
            return workers == 0
                    ? async.withWorkers(FUNCTION_CONCURRENCY, FUNCTION_CONCURRENCY)
                            .withProcessor(Processor.FUNCTION)
                    : async.withWorkers(workers, workers);
        }
    }

    /** One sync phase: its users' answers. */
    record SyncRun(String id, String title, int users, Duration duration, Outcomes outcomes) {}

    /**
     * One async phase (a worker count, or the function with {@code workers} 0): its users' answers, the metrics
     * samples, what the service counted, and the drain.
     */
    record AsyncRun(
            String id,
            String title,
            int workers,
            Outcomes outcomes,
            List<QueueSample> samples,
            long loadEndMs,
            long accepted,
            long completed,
            long failed,
            Drain drain,
            double idealRate,
            FunctionStats function,
            long discarded) {
        /** Accepted orders per second of load. */
        double acceptRate() {
            double seconds = (loadEndMs - outcomes.originMs()) / 1000.0;
            return seconds <= 0 ? 0 : accepted / seconds;
        }

        /** The ideal rate the load allows: N / payment time, but no more than orders arrived. */
        double reachableRate() {
            return Math.min(idealRate, acceptRate());
        }

        AsyncRun withDiscarded(long n) {
            return new AsyncRun(
                    id, title, workers, outcomes, samples, loadEndMs, accepted, completed, failed, drain, idealRate,
                    function, n);
        }

        /** Every accepted order is completed, failed, or counted in the projected rest. */
        boolean accountedFor() {
            return accepted == completed + failed + drain.remaining();
        }
    }

    /** A goal, whether it was met, and what was measured. */
    public record Goal(String goal, boolean met, String measured) {}

    /** What a run measured, its goals and conclusions, and the report's index.html. */
    public record Result(
            List<SyncRun> sync,
            List<AsyncRun> async,
            AsyncRun function,
            List<Goal> goals,
            List<String> conclusions,
            Path index) {}

    private final PrintStream console;

    public FlashSaleExperiment(PrintStream console) {
        this.console = console;
    }

    public Result run(Config config) throws InterruptedException {
        console.printf(
                Locale.ROOT,
                "flash-sale: payment %d ms, sync timeout %d ms, think time between(0.1, 0.5) s, broker %s%s%n",
                config.paymentTime().toMillis(),
                config.syncTimeout().toMillis(),
                config.inProcess() ? "in-process" : Redact.credentials(config.brokerUrl()),
                config.quick() ? " (quick: shorter phases, payment and sync timeout)" : "");
        console.println("machine: " + Machine.describe());
        warmUp(config);

        var sync = new ArrayList<SyncRun>();
        sync.add(syncPhase(
                config,
                "sync-" + FEW_USERS,
                "phase 1: sync, " + FEW_USERS + " users",
                FEW_USERS,
                config.fewUsersPhase()));
        sync.add(syncPhase(config, "sync-" + USERS, "phase 2: sync, " + USERS + " users", USERS, config.usersPhase()));

        var async = new ArrayList<AsyncRun>();
        for (int workers : WORKER_COUNTS) {
            async.add(asyncPhase(config, workers));
        }
        AsyncRun function = asyncPhase(config, 0);

        var result = new Result(List.copyOf(sync), List.copyOf(async), function, List.of(), List.of(), null);
        var goals = Findings.goals(config, result);
        var conclusions = Findings.conclusions(config, result);
        result = new Result(result.sync(), result.async(), function, goals, conclusions, null);
        Path index = new FlashSaleReport(config, result).write();
        for (Goal g : goals) {
            console.printf(Locale.ROOT, "goal %s: %s — %s%n", g.met() ? "met" : "MISSED", g.goal(), g.measured());
        }
        conclusions.forEach(c -> console.println("finding: " + c));
        console.println("report: " + index);
        return new Result(result.sync(), result.async(), function, goals, conclusions, index);
    }

    private void warmUp(Config config) throws InterruptedException {
        console.printf(
                Locale.ROOT,
                "warm-up: %d s of async orders, not recorded%n",
                config.warmUp().toSeconds());
        try (var sale = FlashSale.open(FlashSaleConfig.defaults()
                        .withPaymentTime(Duration.ZERO)
                        .withWorkers(20, 20));
                var http = server(sale)) {
            LoadTest.against(http.uri())
                    .scenario(FlashSaleScenario.async())
                    .users(USERS)
                    .duration(config.warmUp())
                    .timeout(config.requestTimeout())
                    .run();
        }
    }

    private SyncRun syncPhase(Config config, String id, String title, int users, Duration duration)
            throws InterruptedException {
        console.printf(
                Locale.ROOT,
                "%s, %d s (one payment of %d ms at a time, 503 after %d ms)%n",
                title,
                duration.toSeconds(),
                config.paymentTime().toMillis(),
                config.syncTimeout().toMillis());
        try (var sale = FlashSale.open(config.sync());
                var http = server(sale)) {
            var outcomes = new Outcomes(200, System.currentTimeMillis());
            try (var progress = every(config.progressEvery(), () -> {
                var t = outcomes.total();
                console.printf(
                        Locale.ROOT,
                        "  %s %3.0f s: %d answered (200: %d, 503: %d, other: %d), waiting at the gate: %d%n",
                        id,
                        (System.currentTimeMillis() - outcomes.originMs()) / 1000.0,
                        t.requests(),
                        t.ok(),
                        t.rejected503(),
                        t.otherFailures(),
                        sale.orders().gate().waiting());
            })) {
                load(config, http.uri(), FlashSaleScenario.SYNC_PATH, 200, users, duration, outcomes, id, title);
            }
            var t = outcomes.total();
            console.printf(
                    Locale.ROOT,
                    "%s: %d requests, %.2f req/s, 200 %s, 503 %s, p50 %s, p99 %s, max %s%n",
                    id,
                    t.requests(),
                    t.requests() / seconds(outcomes),
                    Findings.percent(t.okShare()),
                    Findings.percent(t.share503()),
                    Findings.ms(t.p50Ms()),
                    Findings.ms(t.p99Ms()),
                    Findings.ms(t.maxMs()));
            return new SyncRun(id, title, users, duration, outcomes);
        }
    }

    /** A worker-count phase, or the function variant when {@code workers} is 0. */
    private AsyncRun asyncPhase(Config config, int workers) throws InterruptedException {
        boolean fn = workers == 0;
        String id = fn ? "function" : "async-" + workers;
        String title = fn
                ? "phase 4: function, " + USERS + " users"
                : "phase 3: async, " + USERS + " users, " + workers + (workers == 1 ? " worker" : " workers");
        double ideal = fn ? Double.NaN : workers / (config.paymentTime().toNanos() / 1e9);
        console.printf(
                Locale.ROOT,
                "%s, %d s (%s)%n",
                title,
                config.usersPhase().toSeconds(),
                fn
                        ? "FunctionOrderConsumer under FunctionRuntime, concurrency limit " + FUNCTION_CONCURRENCY
                        : String.format(
                                Locale.ROOT,
                                "ideal %.2f orders/s = %d / %.1f s",
                                ideal,
                                workers,
                                config.paymentTime().toMillis() / 1000.0));
        if (!config.inProcess()) {
            emptyQueue(config.brokerUrl(), "left over before " + id);
        }
        AsyncRun run;
        try (var sale = FlashSale.open(config.async(workers));
                var http = server(sale)) {
            // the function phase runs as --processor function does: a FunctionOrderConsumer in the workers' place
            FunctionOrderConsumer function = fn ? (FunctionOrderConsumer) sale.consumer() : null;
            Supplier<FunctionStats> functionStats = fn ? function::functionStats : null;
            var client = JsonClient.of(http.uri(), Duration.ofSeconds(2), Duration.ofSeconds(5));
            var outcomes = new Outcomes(202, System.currentTimeMillis());
            try (var sampler = QueueSampler.start(client, config.sampleEvery(), functionStats)) {
                try (var progress = every(config.progressEvery(), () -> {
                    var t = outcomes.total();
                    var s = sampler.latest();
                    console.printf(
                            Locale.ROOT,
                            "  %s %3.0f s: %d answered (202: %d, 503: %d, other: %d), queue %s, completed %s%n",
                            id,
                            (System.currentTimeMillis() - outcomes.originMs()) / 1000.0,
                            t.requests(),
                            t.ok(),
                            t.rejected503(),
                            t.otherFailures(),
                            s == null ? "?" : s.queueDepth(),
                            s == null ? "?" : s.completed());
                })) {
                    load(
                            config,
                            http.uri(),
                            FlashSaleScenario.ASYNC_PATH,
                            202,
                            USERS,
                            config.usersPhase(),
                            outcomes,
                            id,
                            title);
                }
                long loadEndMs = outcomes.lastAnswerMs();
                long drainedAt = awaitDrain(config, sale, id, loadEndMs);
                long waitEndMs = System.currentTimeMillis();
                sampler.close();
                var samples = sampler.samples();
                long accepted = sale.orders().accepted();
                var counts = sale.store().countByStatus();
                long completed = counts.getOrDefault(OrderStatus.COMPLETED, 0L);
                long failed = counts.getOrDefault(OrderStatus.FAILED, 0L);
                long unfinished =
                        counts.getOrDefault(OrderStatus.PENDING, 0L) + counts.getOrDefault(OrderStatus.PROCESSING, 0L);
                double rate = Drain.processingRate(samples, 1.0);
                Drain drain = unfinished == 0
                        ? Drain.measured(loadEndMs, drainedAt >= 0 ? drainedAt : waitEndMs, rate)
                        : Drain.projected(loadEndMs, waitEndMs, unfinished, rate);
                run = new AsyncRun(
                        id,
                        title,
                        workers,
                        outcomes,
                        samples,
                        loadEndMs,
                        accepted,
                        completed,
                        failed,
                        drain,
                        ideal,
                        fn ? function.functionStats() : null,
                        0);
            }
        }
        print(run);
        if (!config.inProcess()) {
            run = run.withDiscarded(emptyQueue(config.brokerUrl(), "the rest of " + id));
        }
        return run;
    }

    private void print(AsyncRun run) {
        var t = run.outcomes().total();
        var d = run.drain();
        console.printf(
                Locale.ROOT,
                "%s: %d requests, %.2f req/s, 202 %s, 503 %s, accept p50 %s, p99 %s; accepted %d, completed %d,"
                        + " failed %d; %.2f completed/s; drain %s%n",
                run.id(),
                t.requests(),
                t.requests() / seconds(run.outcomes()),
                Findings.percent(t.okShare()),
                Findings.percent(t.share503()),
                Findings.ms(t.okP50Ms()),
                Findings.ms(t.okP99Ms()),
                run.accepted(),
                run.completed(),
                run.failed(),
                d.ratePerSecond(),
                Findings.drain(d));
        if (run.function() != null) {
            var f = run.function();
            console.printf(
                    Locale.ROOT,
                    "%s: %d invocations, %d cold starts (init p50 %.2f ms, max %.2f ms), peak %d concurrent"
                            + " executions, billed %d ms + init %d ms = %.1f GB-s%n",
                    run.id(),
                    f.invocations(),
                    f.coldStarts(),
                    f.initP50Millis(),
                    f.initMaxMillis(),
                    f.peakConcurrentExecutions(),
                    f.billedDurationMillis(),
                    f.billedInitMillis(),
                    f.billedGbSeconds());
        }
    }

    /**
     * Waits until no accepted order is pending or processing, or the cap; returns when it drained (epoch ms), or
     * -1 if it did not.
     */
    private long awaitDrain(Config config, FlashSale sale, String id, long loadEndMs) throws InterruptedException {
        long capEnd = loadEndMs + config.drainCap().toMillis();
        long nextPrint = System.currentTimeMillis() + config.progressEvery().toMillis();
        while (true) {
            var counts = sale.store().countByStatus();
            long left = counts.getOrDefault(OrderStatus.PENDING, 0L) + counts.getOrDefault(OrderStatus.PROCESSING, 0L);
            long now = System.currentTimeMillis();
            if (left == 0) {
                return now;
            }
            if (now >= capEnd) {
                return -1;
            }
            if (now >= nextPrint) {
                console.printf(
                        Locale.ROOT, "  %s draining +%.0f s: %d orders left%n", id, (now - loadEndMs) / 1000.0, left);
                nextPrint = now + config.progressEvery().toMillis();
            }
            Thread.sleep(100);
        }
    }

    private void load(
            Config config,
            URI uri,
            String path,
            int okStatus,
            int users,
            Duration duration,
            Outcomes outcomes,
            String id,
            String title)
            throws InterruptedException {
        LoadTest.against(uri)
                .scenario(RecordingBuyers.of(path, okStatus, outcomes::record))
                .users(users)
                .duration(duration)
                .timeout(config.requestTimeout())
                .runInto(config.out().resolve(id), "flash-sale " + title, List.of());
        outcomes.close(); // a request cut off when the load stopped is not an answer
    }

    /**
     * Empties the order queue of a real broker (what a closed service's workers left, or an earlier run) and
     * returns the messages discarded.
     */
    private long emptyQueue(String brokerUrl, String what) {
        long discarded;
        try (Broker broker = Brokers.open(brokerUrl)) {
            broker.declare(OrderMessages.PROCESSING);
            discarded = broker.purge(OrderMessages.QUEUE);
        }
        if (discarded > 0) {
            console.printf(Locale.ROOT, "  discarded %d queued orders (%s)%n", discarded, what);
        }
        return discarded;
    }

    private static HttpServer server(FlashSale sale) {
        // a short grace: sync requests still waiting at the gate when a phase ends are not waited for
        return HttpServer.start(
                ServerConfig.loopback("flashsale").withShutdownGrace(Duration.ofMillis(500)),
                sale.routes().toArray(Routes[]::new));
    }

    private static double seconds(Outcomes outcomes) {
        return Math.max(0.001, (outcomes.lastAnswerMs() - outcomes.originMs()) / 1000.0);
    }

    /** Runs {@code task} every {@code period} until closed. */
    private static AutoCloseable0 every(Duration period, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("flashsale-progress").daemon().unstarted(r));
        timer.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** An AutoCloseable whose close throws nothing. */
    @FunctionalInterface
    private interface AutoCloseable0 extends AutoCloseable {
        @Override
        void close();
    }
}
