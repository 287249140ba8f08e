package scalelab.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * Runs the experiments the page starts, one at a time, each as a child process ({@code COMMAND experiment NAME
 * [--quick] --out DIR}), its output captured line by line, stopped when it outlives the time limit or the
 * dashboard.
 */
final class ExperimentRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExperimentRunner.class);
    /** Finished runs remembered: the 20 latest. */
    static final int MAX_RUNS = 20;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final List<String> command;
    private final List<String> names;
    private final Path reportsDir;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, ExperimentRun> runs = new LinkedHashMap<>(); // guarded by this
    private ExperimentRun current; // guarded by this: the run under way, or null
    private Process process; // guarded by this: its process

    ExperimentRunner(List<String> command, List<String> names, Path reportsDir, Duration timeout, Clock clock) {
        this.command = List.copyOf(command);
        this.names = List.copyOf(names);
        this.reportsDir = reportsDir;
        this.timeout = timeout;
        this.clock = clock;
    }

    List<String> names() {
        return names;
    }

    /**
     * Starts {@code name}.
     *
     * @throws ApiException 400 {@code UNKNOWN_EXPERIMENT} for a name not in the list, 409 {@code
     *     EXPERIMENT_RUNNING} while another runs, 503 {@code EXPERIMENT_NOT_STARTED} when the process cannot start
     */
    synchronized ExperimentRun start(String name, boolean quick) throws IOException {
        if (!names.contains(name)) {
            throw ApiException.badRequest(
                    "UNKNOWN_EXPERIMENT", "no experiment is named so", "one of " + String.join(", ", names));
        }
        if (current != null && current.running()) {
            throw ApiException.conflict(
                    "EXPERIMENT_RUNNING",
                    "an experiment is running already; one runs at a time",
                    "running: " + current.id());
        }
        String id = "exp-" + ids.incrementAndGet();
        Path out = outDir(name);
        var words = new ArrayList<>(command);
        words.addAll(List.of("experiment", name));
        if (quick) {
            words.add("--quick");
        }
        words.addAll(List.of("--out", out.toString()));
        Process started;
        try {
            Files.createDirectories(reportsDir);
            started = new ProcessBuilder(words) // in the dashboard's working directory, as from a shell
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            log.warn("experiment {} cannot start: {}", name, e.toString());
            throw new ApiException(503, "EXPERIMENT_NOT_STARTED", "the experiment could not start", e.getMessage());
        }
        started.getOutputStream().close(); // an experiment reads no input
        String report = "/reports/" + reportsDir.relativize(out).toString().replace('\\', '/') + "/index.html";
        var run = new ExperimentRun(id, name, quick, out, report, clock.instant());
        log.info(
                "experiment {} started: {} (pid {})",
                id,
                String.join(" ", words.subList(command.size(), words.size())),
                started.pid());
        runs.put(id, run);
        while (runs.size() > MAX_RUNS) {
            runs.remove(runs.keySet().iterator().next());
        }
        current = run;
        process = started;
        Thread.ofVirtual().name("experiment-" + id).start(() -> follow(run, started));
        return run;
    }

    /** A folder of its own under the reports folder: NAME-yyyyMMdd-HHmmss, suffixed when that exists. */
    private Path outDir(String name) {
        String base = name + "-"
                + LocalDateTime.now(clock.withZone(ZoneId.systemDefault())).format(STAMP);
        Path out = reportsDir.resolve(base);
        for (int n = 2; Files.exists(out); n++) {
            out = reportsDir.resolve(base + "-" + n);
        }
        return out;
    }

    /** Reads the output until the process ends, and stops it at the time limit. */
    private void follow(ExperimentRun run, Process started) {
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    run.line(line);
                }
            } catch (IOException e) {
                run.line("(output lost: " + e.getMessage() + ")");
            }
        });
        boolean timedOut = false;
        try {
            if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                run.line("(stopped: it ran longer than " + timeout.toMinutes() + " min)");
                kill(started);
            }
            started.waitFor();
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            kill(started);
            Thread.currentThread().interrupt();
        }
        int exit = started.isAlive() ? -1 : started.exitValue();
        run.ended(exit, timedOut, clock.instant());
        log.info("experiment {} ended with exit code {}", run.id(), exit);
    }

    Optional<ExperimentRun> find(String id) {
        synchronized (this) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    synchronized List<ExperimentRun> runs() {
        return List.copyOf(runs.values()).reversed();
    }

    /** Stops the run {@code id} if it is under way (its child processes first); false when it is not. */
    boolean stop(String id) {
        Process toStop;
        synchronized (this) {
            if (current == null || !current.id().equals(id) || !current.running()) {
                return false;
            }
            current.stopRequested();
            toStop = process;
        }
        kill(toStop);
        return true;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Process running;
        synchronized (this) {
            running = current != null && current.running() ? process : null;
            if (running != null) {
                current.stopRequested();
            }
        }
        if (running != null) {
            log.info("stopping the experiment under way");
            kill(running);
        }
    }
}
