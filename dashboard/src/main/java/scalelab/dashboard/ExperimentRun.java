package scalelab.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment started from the page: its output lines as they come, and how it ended. Written by the runner's
 * threads, read by the page's requests: every method is synchronized.
 */
final class ExperimentRun {
    /** Output lines kept: the last 2,000. */
    static final int MAX_LINES = 2_000;
    /** Longest line kept: 1,000 characters (the rest is cut). */
    static final int MAX_LINE_CHARS = 1_000;

    enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        STOPPED
    }

    private final String id;
    private final String name;
    private final boolean quick;
    private final List<String> options;
    private final Path outDir;
    private final String reportPath; // the report's address under /reports/, once index.html exists
    private final Instant startedAt;
    private final List<String> lines = new ArrayList<>();
    private long dropped; // lines dropped from the front to keep MAX_LINES
    private Status status = Status.RUNNING;
    private Integer exitCode;
    private Instant endedAt;
    private boolean stopRequested;

    ExperimentRun(
            String id,
            String name,
            boolean quick,
            List<String> options,
            Path outDir,
            String reportPath,
            Instant startedAt) {
        this.options = List.copyOf(options);
        this.id = id;
        this.name = name;
        this.quick = quick;
        this.outDir = outDir;
        this.reportPath = reportPath;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
    }

    Path outDir() {
        return outDir;
    }

    synchronized void line(String line) {
        lines.add(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
        if (lines.size() > MAX_LINES) {
            lines.remove(0);
            dropped++;
        }
    }

    synchronized void stopRequested() {
        stopRequested = true;
    }

    synchronized void ended(int exit, boolean timedOut, Instant at) {
        exitCode = exit;
        endedAt = at;
        status = timedOut
                ? Status.TIMED_OUT
                : stopRequested ? Status.STOPPED : exit == 0 ? Status.SUCCEEDED : Status.FAILED;
    }

    synchronized boolean running() {
        return status == Status.RUNNING;
    }

    /**
     * The run as {@code GET /api/experiments/{id}} shows it, with its output lines from number {@code from} on
     * (counted from the first line it wrote).
     */
    synchronized Map<String, Object> describe(long from) {
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id);
        body.put("name", name);
        body.put("quick", quick);
        body.put("options", options);
        body.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        body.put("exit_code", exitCode);
        body.put("started_at", startedAt.toString());
        body.put("ended_at", endedAt == null ? null : endedAt.toString());
        boolean reportWritten = Files.isRegularFile(outDir.resolve("index.html"));
        body.put("report", reportWritten ? reportPath : null);
        long first = Math.max(from, dropped);
        body.put("lines_from", first);
        body.put("lines", List.copyOf(lines.subList((int) Math.min(first - dropped, lines.size()), lines.size())));
        body.put("next_line", dropped + lines.size());
        return body;
    }
}
