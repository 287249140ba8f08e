package scalelab.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.loadgen.Console;
import scalelab.loadgen.Durations;
import scalelab.loadgen.Inline;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Threshold;
import scalelab.loadgen.WaitTime;

@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "Load a service like Locust (users, spawn rate, weighted requests, think time) or wrk2 (--rate):",
            "prints live stats every 2 s, then writes Locust-format CSVs, summary.json, HdrHistogram logs",
            "and an HTML report with charts into --out. Ctrl-C stops early and still writes every report.",
            "Exit code 1 when a --threshold is breached."
        },
        subcommands = LoadMergeCommand.class,
        footer = {
            "",
            "Examples:",
            "  scalelab load --host http://127.0.0.1:8082 -u 50 -r 10 -t 30s --get '/get?key=test:3' --post '/post:@body.json:1'",
            "  scalelab load --host http://127.0.0.1:8081 -u 20 -t 1m --scenario albums --threshold 'p99<200ms'",
            "  scalelab load --host http://127.0.0.1:8082 -u 50 -t 30s --rate 2000/s --get /get?key=a",
            "  scalelab load merge reports/gen-1 reports/gen-2 --out reports/merged",
            "",
            "Scenarios (--scenario): albums, catalog, flashsale-async, flashsale-sync, kv, resilience-fixed,",
            "  resilience-vulnerable"
        })
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "URL", description = "Base URL, e.g. http://127.0.0.1:8082.")
    URI host;

    @Option(
            names = {"-u", "--users"},
            paramLabel = "USERS",
            defaultValue = "1",
            description = "Concurrent users (default ${DEFAULT-VALUE}); with --rate, connections.")
    int users;

    @Option(
            names = {"-r", "--spawn-rate"},
            paramLabel = "RATE",
            defaultValue = "0",
            description = "Users started per second; 0 starts all at once (default).")
    double spawnRate;

    @Option(
            names = {"-t", "--run-time"},
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to run: 30s, 2m, 1h (default ${DEFAULT-VALUE}).")
    String runTime;

    @Option(
            names = "--client",
            paramLabel = "standard|fast",
            defaultValue = "fast",
            description =
                    "HTTP engine: standard (JDK HttpClient, like HttpUser) or fast (lean event-loop client, like FastHttpUser). Default ${DEFAULT-VALUE}.")
    String client;

    @Option(
            names = "--rate",
            paramLabel = "N/s",
            description =
                    "Open model: requests due at this fixed rate (e.g. 2000/s); latency counts from the due time (coordinated-omission correction).")
    String rate;

    @Option(
            names = "--get",
            paramLabel = "PATH[:WEIGHT]",
            description = "A GET to send; the weight follows the last colon (default 1). Repeatable.")
    List<String> gets = new ArrayList<>();

    @Option(
            names = "--post",
            paramLabel = "PATH:@FILE[:WEIGHT]",
            description = "A POST of FILE's JSON to PATH. Repeatable.")
    List<String> posts = new ArrayList<>();

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "A built-in scenario instead of --get/--post: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Scenarios.Names.class)
    String scenario;

    @Option(
            names = "--wait",
            paramLabel = "TIME",
            description =
                    "Think time after each task: 0, 1s, 500ms..1.5s (between), pace:2s (constant pacing). Overrides the scenario's.")
    String waitTime;

    @Option(
            names = "--threshold",
            paramLabel = "EXPR",
            description = "Fail (exit 1) unless it holds: p99<200ms, median<20ms, errors<1%%, rps>1000. Repeatable.")
    List<String> thresholds = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "Longest wait for one answer (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/load-<time>).")
    Path out;

    @Override
    public Integer call() throws InterruptedException {
        if (host == null) { // not picocli's required=true, which 'load merge' would then demand too
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "Missing required option: '--host=URL'");
        }
        PrintWriter console = spec.commandLine().getOut();
        Scenario chosen;
        List<Threshold> limits;
        Duration duration;
        LoadTest test;
        try { // every bad value is a usage error (exit 2), told before anything runs or is written
            checkHost();
            if (rate != null && spawnRate != 0) {
                throw new IllegalArgumentException(
                        "--spawn-rate has no meaning with --rate: the open model opens every connection at once");
            }
            chosen = chooseScenario();
            if (waitTime != null) {
                chosen.waitTime(WaitTime.parse(waitTime));
            }
            limits = thresholds.stream().map(Threshold::parse).toList();
            duration = Durations.parse(runTime);
            test = LoadTest.against(host)
                    .scenario(chosen)
                    .users(users)
                    .spawnRate(spawnRate)
                    .duration(duration)
                    .client(client)
                    .rate(rate == null ? 0 : parseRate(rate))
                    .timeout(Durations.parse(timeout));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        test.listener(new Console(stream(spec), 2, users, duration.toMillis() / 1000.0));
        Path dir = out != null ? out : SharedStateCommand.defaultOut("load");

        var reportsWritten = new CountDownLatch(1);
        var hook = new Thread(
                () -> {
                    test.stop();
                    try {
                        reportsWritten.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "scalelab-load-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        console.printf(
                "load: %s users on %s for %s (%s client, %s model), scenario %s%n",
                users, host, runTime, client, rate == null ? "closed" : "open at " + rate, chosen.name());
        try {
            return runAndReport(test, dir, chosen.name(), limits);
        } finally {
            reportsWritten.countDown(); // after the last line is printed: on Ctrl-C the JVM ends here
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, and lets the JVM go
            }
        }
    }

    private int runAndReport(LoadTest test, Path dir, String scenarioName, List<Threshold> limits)
            throws InterruptedException {
        PrintWriter console = spec.commandLine().getOut();
        var result = test.runInto(dir, "load: " + scenarioName + " on " + host, limits);
        var total = result.data().total();
        console.printf(
                Locale.ROOT,
                "done: %d requests, %.1f req/s, median %s, p95 %s, p99 %s, max %s, %d failed%n",
                total.requests(),
                total.rps(),
                Console.ms(total.medianMs()),
                Console.ms(total.percentile(95)),
                Console.ms(total.percentile(99)),
                Console.ms(total.maxMs()),
                total.failures());
        console.println("report: " + result.index());
        console.flush();
        for (var verdict : result.verdicts()) {
            if (!verdict.passed()) {
                spec.commandLine().getErr().println("scalelab: " + verdict.reason());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
        return 0;
    }

    private void checkHost() {
        if (!"http".equals(host.getScheme()) && !"https".equals(host.getScheme()) || host.getHost() == null) {
            throw new IllegalArgumentException("--host needs a URL such as http://127.0.0.1:8082, not '" + host + "'");
        }
        if ("https".equals(host.getScheme()) && client.equals("fast")) {
            throw new IllegalArgumentException("the fast client speaks plain http; use --client standard for https");
        }
        if (host.getRawPath() != null
                && !host.getRawPath().isEmpty()
                && !host.getRawPath().equals("/")) {
            throw new IllegalArgumentException("--host is the base URL without a path ('" + host.getRawPath()
                    + "'): put the path in --get/--post");
        }
    }

    /** The command's output as a PrintStream, for library code that prints. */
    static java.io.PrintStream stream(CommandSpec spec) {
        return new java.io.PrintStream(
                new WriterStream(spec.commandLine().getOut()), true, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Scenario chooseScenario() {
        if (scenario != null) {
            if (!gets.isEmpty() || !posts.isEmpty()) {
                throw new IllegalArgumentException("give either --scenario or --get/--post, not both");
            }
            return Scenarios.named(scenario);
        }
        return Inline.scenario(gets, posts, WaitTime.none());
    }

    static double parseRate(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        t = t.endsWith("/s") ? t.substring(0, t.length() - 2) : t;
        try {
            double value = Double.parseDouble(t);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new IllegalArgumentException(
                "--rate needs a positive number per second, e.g. 2000/s, not '" + text + "'");
    }
}
