package scalelab.loadgen;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live view of a run, as Locust prints it headless: every few seconds a table per request name
 * (requests, failures, median, p95, p99, max, current req/s) and a progress bar.
 */
public final class Console implements LoadTest.Listener {
    private final PrintStream out;
    private final int everyTicks;
    private final int plannedUsers;
    private final double seconds;
    private int ticks;

    /**
     * @param everyTicks print every this many ticks (2 = every 2 s by default)
     */
    public Console(PrintStream out, int everyTicks, int plannedUsers, double seconds) {
        this.out = out;
        this.everyTicks = everyTicks;
        this.plannedUsers = plannedUsers;
        this.seconds = seconds;
    }

    @Override
    public void tick(RunData data, double progress, int users) {
        if (++ticks % everyTicks != 0) {
            return;
        }
        out.print(table(data.stats(), currentRps(data.ticks())));
        out.println(progressBar(progress, users));
        out.flush();
    }

    @Override
    public void taskFailed(String task, RuntimeException error) {
        out.println("task '" + task + "' threw " + error);
    }

    /** Requests per second per name over the last two ticks (Locust averages its "current" too). */
    static Map<Key, Double> currentRps(List<RunData.Tick> ticks) {
        var rps = new java.util.HashMap<Key, Double>();
        var recent = ticks.subList(Math.max(0, ticks.size() - 2), ticks.size());
        for (var tick : recent) {
            tick.current().forEach((key, stat) -> rps.merge(key, stat.rps() / recent.size(), Double::sum));
        }
        return rps;
    }

    String table(Map<Key, Stat> stats, Map<Key, Double> current) {
        var s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%-6s %-34s %9s %9s %9s %9s %9s %9s %9s%n",
                "Type",
                "Name",
                "# reqs",
                "# fails",
                "Median",
                "p95",
                "p99",
                "Max",
                "req/s"));
        stats.forEach((key, stat) -> {
            s.append(String.format(
                    Locale.ROOT,
                    "%-6s %-34s %9d %9s %9s %9s %9s %9s %9.1f%n",
                    key.method(),
                    abbreviate(key.name(), 34),
                    stat.requests(),
                    failures(stat),
                    ms(stat.medianMs()),
                    ms(stat.percentile(95)),
                    ms(stat.percentile(99)),
                    ms(stat.maxMs()),
                    current.getOrDefault(key, 0.0)));
        });
        return s.toString();
    }

    String progressBar(double progress, int users) {
        int width = 30;
        int filled = (int) Math.round(progress * width);
        return String.format(
                Locale.ROOT,
                "[%s%s] %3d%%  %.0fs/%.0fs  users %d/%d%n",
                "#".repeat(filled),
                ".".repeat(width - filled),
                Math.round(progress * 100),
                progress * seconds,
                seconds,
                users,
                plannedUsers);
    }

    private static String failures(Stat stat) {
        return stat.failures() == 0
                ? "0"
                : String.format(Locale.ROOT, "%d(%.1f%%)", stat.failures(), 100 * stat.failureRatio());
    }

    /** 0.052ms, 4.70ms, 20.1ms, 250ms: a latency as the console shows it. */
    public static String ms(double ms) {
        String format = ms < 1 ? "%.3fms" : ms < 10 ? "%.2fms" : ms < 100 ? "%.1fms" : "%.0fms";
        return String.format(Locale.ROOT, format, ms);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
