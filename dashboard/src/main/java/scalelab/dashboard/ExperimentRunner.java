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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;

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

    /** The most options a run may take, and what one may look like: a flag, a value, or flag=value. */
    static final int MAX_OPTIONS = 16;

    private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9_.:/%@,+=-]{1,100}");

    private static void checkOptions(List<String> options) {
        var problems = new Problems().check(options.size() <= MAX_OPTIONS, "at most " + MAX_OPTIONS + " options");
        for (String option : options) {
            problems.check(
                    OPTION.matcher(option).matches(),
                    "option '" + abbreviate(option) + "' must be 1 to 100 letters, digits or . _ : / % @ , + = -");
            problems.check(!option.equals("--out") && !option.startsWith("--out="), "--out is chosen by the dashboard");
        }
        problems.throwIfAny("INVALID_EXPERIMENT", "the experiment request is invalid");
    }

    private static String abbreviate(String option) {
        return option.length() <= 40 ? option : option.substring(0, 40) + "...";
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
        return start(name, quick, List.of());
    }

    /**
     * Starts {@code name} with more of its options ({@code --size 10MB}), passed as separate arguments, never
     * through a shell; the experiment's own parser refuses what it does not know (the run fails with its usage
     * message). {@code --out} is the dashboard's to choose.
     *
     * @throws ApiException 400 {@code INVALID_EXPERIMENT} for options that are not plain words
     */
    synchronized ExperimentRun start(String name, boolean quick, List<String> options) throws IOException {
        checkOptions(options);
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
        words.addAll(options);
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
        var run = new ExperimentRun(id, name, quick, options, out, report, clock.instant());
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
