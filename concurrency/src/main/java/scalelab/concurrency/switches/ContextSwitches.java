package scalelab.concurrency.switches;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import scalelab.concurrency.switches.PingPong.Kind;

/**
 * Runs the {@link PingPong} in a child JVM ({@link PingPongMain}, on this JVM's class path) for each thread kind, on
 * one CPU and on all of them. "One CPU" is obtained from outside the JVM, because it cannot be set from inside one
 * that is running:
 *
 * <ul>
 *   <li>platform threads: the child runs under {@code taskset -c 0}, so the kernel schedules every thread of it on
 *       CPU 0. Without {@code taskset} on the PATH this one is not measured (a note says so);
 *   <li>virtual threads: the child gets {@code -Djdk.virtualThreadScheduler.parallelism=1}, one carrier thread (the
 *       JDK has no public API for a custom scheduler), and {@code taskset -c 0} too when there is one, so it has the
 *       same single CPU as the platform threads.
 * </ul>
 *
 * "All CPUs" is a child JVM with neither.
 */
public final class ContextSwitches {
    public enum Cpus {
        ONE("one CPU"),
        ALL("all CPUs");

        private final String label;

        Cpus(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One configuration: its result, or why it has none ({@code skipped}).
     *
     * @param how how the CPUs were set, in words, with the child's command line
     * @param cpusSeen {@code availableProcessors()} in the child, or 0 when not run
     */
    public record Measurement(
            Kind kind,
            Cpus cpus,
            PingPong.Result result,
            String how,
            int cpusSeen,
            String parallelism,
            String skipped) {
        public String label() {
            return kind.label() + ", " + cpus.label();
        }

        public boolean measured() {
            return result != null;
        }
    }

    private final Path java;
    private final String classPath;
    private final String taskset; // null when absent

    ContextSwitches(Path java, String classPath, String taskset) {
        this.java = java;
        this.classPath = classPath;
        this.taskset = taskset;
    }

    /** Children on this JVM's {@code java} and class path, pinned with {@code taskset} when it is on the PATH. */
    public static ContextSwitches ofThisJvm() {
        return new ContextSwitches(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                findOnPath("taskset"));
    }

    /** Whether {@code taskset} was found; without it platform threads are not measured on one CPU. */
    public boolean canPin() {
        return taskset != null;
    }

    public Measurement measure(Kind kind, Cpus cpus, int roundTrips) throws InterruptedException {
        if (kind == Kind.PLATFORM && cpus == Cpus.ONE && taskset == null) {
            return new Measurement(
                    kind,
                    cpus,
                    null,
                    "-",
                    0,
                    "-",
                    "not measured: taskset is not on the PATH (util-linux), and a JVM cannot pin its own"
                            + " platform threads to one CPU");
        }
        var command = new ArrayList<String>();
        boolean pin = cpus == Cpus.ONE && taskset != null;
        if (pin) command.addAll(List.of(taskset, "-c", "0"));
        command.addAll(List.of(java.toString(), "-Xmx256m", "-cp", classPath));
        if (kind == Kind.VIRTUAL && cpus == Cpus.ONE) command.add("-Djdk.virtualThreadScheduler.parallelism=1");
        command.addAll(List.of(PingPongMain.class.getName(), kind.name(), Integer.toString(roundTrips)));
        String how = switch (cpus) {
            case ONE ->
                (pin ? "child JVM pinned to CPU 0 with taskset -c 0" : "child JVM, not pinned (no taskset)")
                        + (kind == Kind.VIRTUAL ? ", one carrier (-Djdk.virtualThreadScheduler.parallelism=1)" : "");
            case ALL -> "child JVM, not pinned" + (kind == Kind.VIRTUAL ? ", default carriers (one per CPU)" : "");
        };
        Map<String, String> out;
        try {
            out = run(command, timeout(roundTrips));
        } catch (IOException e) {
            return new Measurement(kind, cpus, null, how, 0, "-", "failed: " + e.getMessage());
        }
        int n = Integer.parseInt(out.get("roundTrips"));
        var result = new PingPong.Result(
                kind,
                n,
                Long.parseLong(out.get("pings")),
                Long.parseLong(out.get("pongs")),
                Duration.ofNanos(Long.parseLong(out.get("nanos"))));
        return new Measurement(
                kind, cpus, result, how, Integer.parseInt(out.get("cpus")), out.get("parallelism"), null);
    }

    /** 30 s, plus 100 µs per round trip (about 20 times the slowest seen). */
    static Duration timeout(int roundTrips) {
        return Duration.ofSeconds(30).plus(Duration.ofNanos(100_000L * roundTrips));
    }

    /** Runs the child; its {@code key=value} line, or an IOException that says why there is none. */
    private static Map<String, String> run(List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("scalelab-pingpong-", ".log");
        try {
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IOException("the child JVM took longer than " + timeout.toSeconds() + " s; killed");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            var values = new HashMap<String, String>();
            for (String line : output.lines().toList()) {
                if (!line.startsWith("kind=")) continue;
                for (String pair : line.strip().split(" ")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            if (child.exitValue() != 0 || !values.containsKey("nanos")) {
                throw new IOException("the child JVM exited with " + child.exitValue() + ": "
                        + output.strip()
                                .lines()
                                .limit(3)
                                .reduce((a, b) -> a + " / " + b)
                                .orElse("no output"));
            }
            return values;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        return null;
    }
}
