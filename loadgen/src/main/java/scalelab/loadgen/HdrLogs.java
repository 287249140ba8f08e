package scalelab.loadgen;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The raw record of a run: one HdrHistogram log per request name under {@code hdr/}, one entry per tick
 * for each of latency (all requests), latency (failed requests) and answer size. Logs from several
 * generators merge exactly ({@code scalelab load merge}), because histograms add without loss.
 *
 * <p>Each entry's tag is {@code all:}, {@code failed:} or {@code sizes:} followed by the URL-encoded
 * "METHOD name", so a log says what it measured without a side file.
 */
final class HdrLogs implements LoadTest.Listener, AutoCloseable {
    static final String DIR = "hdr";

    private final Path dir;
    private final long baseMs;
    private final Map<Key, HistogramLogWriter> writers = new HashMap<>();
    private final List<PrintStream> streams = new ArrayList<>();

    HdrLogs(Path outDir, long baseMs) {
        this.dir = outDir.resolve(DIR);
        this.baseMs = baseMs;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public synchronized void interval(Interval interval) {
        interval.byKey().forEach((key, h) -> {
            var writer = writers.computeIfAbsent(key, this::open);
            write(writer, "all", key, h.all(), interval);
            write(writer, "failed", key, h.failed(), interval);
            write(writer, "sizes", key, h.sizes(), interval);
        });
        streams.forEach(PrintStream::flush);
    }

    private void write(HistogramLogWriter writer, String kind, Key key, Histogram h, Interval interval) {
        h.setStartTimeStamp(interval.startMs());
        h.setEndTimeStamp(interval.endMs());
        h.setTag(kind + ":" + URLEncoder.encode(key.toString(), StandardCharsets.UTF_8));
        writer.outputIntervalHistogram(h);
    }

    private HistogramLogWriter open(Key key) {
        Path file = dir.resolve(fileName(key));
        try {
            var stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8);
            streams.add(stream);
            var writer = new HistogramLogWriter(stream);
            writer.outputComment("scalelab loadgen: " + key.toString().replace('\n', ' ')
                    + " (latency in microseconds, sizes in bytes)");
            writer.setBaseTime(baseMs);
            writer.outputBaseTime(baseMs);
            writer.outputStartTime(baseMs);
            writer.outputLegend();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String fileName(Key key) {
        String slug = (key.method() + "_" + key.name()).replaceAll("[^A-Za-z0-9._-]+", "_");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80);
        }
        return slug + "-" + Integer.toHexString(key.hashCode()) + ".hlog";
    }

    @Override
    public synchronized void close() {
        streams.forEach(PrintStream::close);
    }

    /** A logged entry read back. */
    record Entry(String kind, Key key, Histogram histogram) {}

    /** Every entry of every log under {@code outDir/hdr}, with absolute start and end times (ms). */
    static List<Entry> read(Path outDir) throws IOException {
        Path logs = outDir.resolve(DIR);
        if (!Files.isDirectory(logs)) {
            throw new IOException("no " + DIR + "/ folder in " + outDir + ": not a scalelab load report");
        }
        var entries = new ArrayList<Entry>();
        try (var files = Files.list(logs)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".hlog")).sorted().toList()) {
                try {
                    var reader = new HistogramLogReader(file.toFile());
                    for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
                        var h = (Histogram) e;
                        String tag = h.getTag();
                        int colon = tag == null ? -1 : tag.indexOf(':');
                        if (colon < 0) {
                            throw new IOException(file + ": an entry without a scalelab tag");
                        }
                        String keyText = URLDecoder.decode(tag.substring(colon + 1), StandardCharsets.UTF_8);
                        int space = keyText.indexOf(' ');
                        entries.add(new Entry(
                                tag.substring(0, colon),
                                new Key(keyText.substring(0, space), keyText.substring(space + 1)),
                                h));
                    }
                } catch (FileNotFoundException e) {
                    throw new IOException("cannot read " + file, e);
                }
            }
        }
        return entries;
    }

    /**
     * Groups entries into one interval per second: by the whole second nearest their end (live ticks end
     * on the second, give or take the timer), spanning from the earliest start to the latest end among
     * them. {@code usersAt} gives the users per second.
     */
    static List<Interval> intervals(List<Entry> entries, Map<Long, Integer> usersAt) {
        var bySecond = new TreeMap<Long, Map<Key, Interval.Histograms>>();
        var spans = new HashMap<Long, long[]>();
        for (var e : entries) {
            Histogram h = e.histogram();
            long second = Math.round(h.getEndTimeStamp() / 1000.0);
            var histograms = bySecond.computeIfAbsent(second, s -> new TreeMap<>())
                    .computeIfAbsent(e.key(), k -> Interval.Histograms.empty());
            switch (e.kind()) {
                case "all" -> histograms.all().add(h);
                case "failed" -> histograms.failed().add(h);
                case "sizes" -> histograms.sizes().add(h);
                default -> {}
            }
            spans.merge(second, new long[] {h.getStartTimeStamp(), h.getEndTimeStamp()}, (a, b) ->
                    new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        var intervals = new ArrayList<Interval>();
        bySecond.forEach((second, byKey) -> {
            long[] span = spans.get(second);
            intervals.add(
                    new Interval(span[0], Math.max(span[1], span[0] + 1), usersAt.getOrDefault(second, 0), byKey));
        });
        return intervals;
    }
}
