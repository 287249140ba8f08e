package scalelab.mapreduce.single;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import scalelab.mapreduce.text.WordCounts;

/**
 * The single-machine baseline: the fastest one-thread word count, streaming the file's bytes through a {@link
 * scalelab.mapreduce.text.WordCountTable}.
 *
 * <p>PLACEHOLDER (skeleton) signatures.
 */
public final class SingleMachineCount {
    private SingleMachineCount() {}

    /** Counts a UTF-8 file on the calling thread. */
    public static Result count(Path input) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Counts UTF-8 text on the calling thread. */
    public static Result count(byte[] utf8) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The counts, the bytes read and the time it took. */
    public record Result(WordCounts counts, long bytes, Duration elapsed) {
        public double megabytesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds == 0 ? 0 : bytes / 1e6 / seconds;
        }
    }
}
