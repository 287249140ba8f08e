package scalelab.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scalelab.core.json.Json;

/**
 * {@code scalelab load merge DIR...}: one report from the reports of several generators (processes or
 * machines) that loaded the same system at the same time. Histograms are added from the HdrHistogram
 * logs, so the merged counts are the sums of the parts and the merged percentiles are exact, not
 * averages of percentiles. Users per second are summed; failures are summed by name and message; the
 * request samples are pooled and sampled again.
 */
public final class Merge {
    static final int SAMPLES = 5_000;

    private Merge() {}

    public static RunData merge(List<Path> dirs, Path out) throws IOException {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("name at least one report folder to merge");
        }
        var entries = new ArrayList<HdrLogs.Entry>();
        var users = new HashMap<Long, Integer>();
        var failures = new LinkedHashMap<Failure, Long>();
        var samplesByDir = new ArrayList<List<LatencySample>>();
        var requestsByDir = new ArrayList<Long>();
        var parameters = new LinkedHashMap<String, Object>();
        int totalUsers = 0;
        for (Path dir : dirs) {
            entries.addAll(HdrLogs.read(dir));
            readUsers(dir, users);
            readFailures(dir, failures);
            JsonNode summary = readSummary(dir);
            Path sampleFile = dir.resolve("samples.csv");
            samplesByDir.add(Files.exists(sampleFile) ? LoadReport.readSamples(sampleFile) : List.of());
            requestsByDir.add(summary.path("requests").asLong(0));
            totalUsers += summary.path("parameters").path("users").asInt(0);
            for (String field : List.of("scenario", "host", "client", "model")) {
                String value = summary.path("parameters").path(field).asText("");
                parameters.merge(field, value, (a, b) -> a.equals(b) ? a : a + ", " + b);
            }
        }
        parameters.put("users", totalUsers);
        parameters.put("generators", dirs.size());
        parameters.put(
                "merged_from",
                String.join(", ", dirs.stream().map(Path::toString).toList()));

        var data = new RunData(parameters);
        var intervals = HdrLogs.intervals(entries, users);
        try (var logs =
                new HdrLogs(out, intervals.isEmpty() ? 0 : intervals.get(0).startMs())) {
            for (var interval : intervals) {
                data.add(interval);
                logs.interval(interval);
            }
        }
        data.failures(failures);
        data.samples(pooledSamples(samplesByDir, requestsByDir));
        return data;
    }

    /** Each report's share of the pooled sample follows its share of the requests, so the pool stays uniform. */
    private static List<LatencySample> pooledSamples(List<List<LatencySample>> samples, List<Long> requests) {
        long total = Math.max(1, requests.stream().mapToLong(Long::longValue).sum());
        var pooled = new ArrayList<LatencySample>();
        for (int i = 0; i < samples.size(); i++) {
            int share = (int) Math.max(1, Math.round((double) SAMPLES * requests.get(i) / total));
            pooled.addAll(Sampler.reduce(samples.get(i), share));
        }
        pooled.sort(java.util.Comparator.comparingLong(LatencySample::epochMs));
        return pooled;
    }

    private static JsonNode readSummary(Path dir) throws IOException {
        Path file = dir.resolve("summary.json");
        if (!Files.exists(file)) {
            throw new IOException("no summary.json in " + dir + ": not a scalelab load report");
        }
        return Json.mapper().readTree(Files.readString(file));
    }

    private static void readUsers(Path dir, Map<Long, Integer> users) throws IOException {
        Path file = dir.resolve("stats_history.csv");
        if (!Files.exists(file)) {
            return;
        }
        var perSecond = new TreeMap<Long, Integer>();
        var rows = LocustCsv.read(file);
        for (var row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            if (row.size() > 3 && row.get(3).equals(RunData.AGGREGATED.name())) {
                perSecond.merge(Long.parseLong(row.get(0)), Integer.parseInt(row.get(1)), Math::max);
            }
        }
        perSecond.forEach((second, n) -> users.merge(second, n, Integer::sum));
    }

    private static void readFailures(Path dir, Map<Failure, Long> failures) throws IOException {
        Path file = dir.resolve("failures.csv");
        if (!Files.exists(file)) {
            return;
        }
        var rows = LocustCsv.read(file);
        for (var row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            failures.merge(
                    new Failure(new Key(row.get(0), row.get(1)), row.get(2)), Long.parseLong(row.get(3)), Long::sum);
        }
    }
}
