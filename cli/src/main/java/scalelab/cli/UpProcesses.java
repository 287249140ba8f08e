package scalelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.config.Redact;

/**
 * {@code scalelab up --processes}: every role of a {@link ProcessPlan} as a child process of this jar (this JVM's
 * java, its class path, {@link Main}), each with its log file, against RabbitMQ and PostgreSQL. Waits until every
 * child answers {@code /health}, prints the table of URLs, then reports any child that dies. Ctrl-C or SIGTERM stops
 * them all: SIGTERM to each, a wait of at most the stop timeout, then SIGKILL for what is left. Each child also
 * watches this process ({@link Main#PARENT_PID_PROPERTY}) and stops when it is gone, even if it was SIGKILLed.
 */
final class UpProcesses {
    private static final Logger log = LoggerFactory.getLogger(UpProcesses.class);
    private static final Duration HEALTH_POLL = Duration.ofMillis(250);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /** What the children need besides the plan. */
    record Settings(
            String brokerUrl,
            String dbUrl,
            Path logs,
            List<String> javaOptions,
            Duration startTimeout,
            Duration stopTimeout) {
        Settings {
            javaOptions = List.copyOf(javaOptions);
        }
    }

    /** One running child. */
    private record Child(ProcessPlan.Role role, Process process, Path log) {
        String describe() {
            return role.name() + " (pid " + process.pid() + ")";
        }
    }

    private final ProcessPlan plan;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<Child> children = new ArrayList<>(); // guarded by this
    private boolean stopping; // guarded by this
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    UpProcesses(ProcessPlan plan, Settings settings, PrintWriter out, PrintWriter err) {
        this.plan = plan;
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Starts every child, waits until all are healthy, prints the table, then runs until stopped. */
    int run() throws InterruptedException {
        requireReachable("RabbitMQ", settings.brokerUrl(), 5672);
        requireReachable("PostgreSQL", settings.dbUrl().substring("jdbc:".length()), 5432);
        try {
            Files.createDirectories(settings.logs());
        } catch (IOException e) {
            throw new IllegalArgumentException("--logs: cannot create " + settings.logs() + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "scalelab-shutdown"));
        log.info(
                "up --processes: broker {}, database {}, logs in {}",
                Redact.credentials(settings.brokerUrl()),
                Redact.credentials(settings.dbUrl()),
                settings.logs());
        for (ProcessPlan.Role role : plan.roles()) {
            if (!start(role)) {
                return 1; // stopping: Ctrl-C during the start
            }
        }
        String failure = awaitHealthy();
        if (failure != null) {
            err.println("scalelab: " + failure);
            err.flush();
            stopAll();
            return 1;
        }
        printTable();
        Thread.currentThread().join(); // until Ctrl-C / SIGTERM: the shutdown hook stops the children
        return 0;
    }

    private synchronized boolean start(ProcessPlan.Role role) {
        if (stopping) {
            return false;
        }
        Path logFile = settings.logs().resolve(role.name() + ".log");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.javaOptions());
        command.add(
                "-D" + Main.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.addAll(role.args());
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("SCALELAB_BROKER_URL", settings.brokerUrl()); // not on the command line: ps shows it
        env.put("SCALELAB_DB_URL", settings.dbUrl());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + role.name() + ": " + e.getMessage(), e);
        }
        var child = new Child(role, process, logFile);
        children.add(child);
        log.info("started {}: scalelab {}", child.describe(), String.join(" ", role.args()));
        process.onExit().thenAccept(p -> exited(child));
        return true;
    }

    /** A child that ends while we are not stopping it is reported, with the end of its log. */
    private void exited(Child child) {
        synchronized (this) {
            if (stopping) {
                return;
            }
        }
        String message = child.describe() + " exited with code "
                + child.process().exitValue() + "; its log: " + child.log() + lastLines(child.log(), 5);
        synchronized (err) {
            err.println("scalelab: " + message);
            err.flush();
        }
    }

    /** Null once every child answers 200 on {@code /health}; else why not, within the start timeout. */
    private String awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        List<Child> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(children);
        }
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                Child child = it.next();
                if (!child.process().isAlive()) {
                    return child.describe() + " exited with code "
                            + child.process().exitValue() + " before it was healthy; its log: " + child.log()
                            + lastLines(child.log(), 10);
                }
                if (healthy(child.role().port())) {
                    log.info(
                            "{} healthy on port {}",
                            child.describe(),
                            child.role().port());
                    it.remove();
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                return "not healthy within " + settings.startTimeout().toSeconds() + " s: "
                        + waiting.stream().map(Child::describe).toList() + "; see their logs in " + settings.logs();
            }
            Thread.sleep(HEALTH_POLL.toMillis());
        }
        return null;
    }

    private boolean healthy(int port) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://" + plan.connectHost() + ":" + port + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void printTable() {
        List<Child> all;
        synchronized (this) {
            all = List.copyOf(children);
        }
        out.printf("%-20s %-8s %-34s %s%n", "ROLE", "PID", "URL", "LOG");
        for (Child child : all) {
            String url = "http://" + plan.connectHost() + ":" + child.role().port()
                    + (child.role().service() ? "" : "/health");
            out.printf(
                    "%-20s %-8d %-34s %s%n",
                    child.role().name(), child.process().pid(), url, child.log());
        }
        long services = all.stream().filter(c -> c.role().service()).count();
        out.println("scalelab is up: " + all.size() + " processes (" + services + " services, "
                + (all.size() - services) + " workers). Ctrl-C stops them.");
        out.flush();
    }

    /**
     * SIGTERM to every child, a wait of at most the stop timeout for all of them, then SIGKILL (and a short wait)
     * for those still running. Idempotent.
     */
    void stopAll() {
        List<Child> all;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            all = List.copyOf(children);
        }
        if (all.isEmpty()) {
            return;
        }
        log.info("stopping {} process(es)", all.size());
        var running = new java.util.HashSet<Child>();
        for (Child child : all) {
            if (child.process().isAlive()) {
                running.add(child);
                child.process().destroy(); // SIGTERM: each stops gracefully
            }
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        for (Child child : all) {
            if (!running.contains(child)) {
                log.info(
                        "{} had already exited (code {})",
                        child.describe(),
                        child.process().exitValue());
                continue;
            }
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                if (!child.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn(
                            "{} did not stop within {} s: killing it",
                            child.describe(),
                            settings.stopTimeout().toSeconds());
                    child.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    child.process().destroyForcibly();
                    child.process().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.process().destroyForcibly();
            }
            log.info(
                    "{} {}",
                    child.describe(),
                    child.process().isAlive()
                            ? "is still running after SIGKILL"
                            : "stopped (exit " + child.process().exitValue() + ")");
        }
    }

    /** This JVM's class path, each entry absolute, so that a child started elsewhere finds it too. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .reduce((a, b) -> a + java.io.File.pathSeparator + b)
                .orElseThrow();
    }

    private static void requireReachable(String what, String url, int defaultPort) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        if (host == null) {
            throw new IllegalArgumentException(what + " URL has no host: " + Redact.credentials(url));
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
        } catch (IOException e) {
            throw new IllegalStateException(what + " unreachable at " + host + ":" + port + " (" + e.getMessage()
                    + "): start it (bash .ci/services.sh) or point --broker / --db elsewhere");
        }
    }

    private static String lastLines(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "";
            }
            return "; last lines:" + System.lineSeparator() + "  "
                    + String.join(
                            System.lineSeparator() + "  ",
                            lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
