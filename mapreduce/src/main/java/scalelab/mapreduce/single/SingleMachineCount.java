package scalelab.mapreduce.single;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import scalelab.mapreduce.text.Tokenizer;
import scalelab.mapreduce.text.WordCountTable;
import scalelab.mapreduce.text.WordCounts;

/**
 * The single-machine baseline: the fastest one-thread word count, streaming the file's bytes through a {@link
 * scalelab.mapreduce.text.WordCountTable}.
 *
 * <p>The file is read into one reusable buffer ({@value #DEFAULT_BUFFER_BYTES} bytes); each fill is counted up to
 * its last ASCII white-space byte, and the token cut at the buffer's end is carried over to the front of the
 * next fill (the buffer doubles if one token fills it). The elapsed time covers the reading, the counting and
 * building the result.
 */
public final class SingleMachineCount {
    /** The read buffer, in bytes (4 MiB). */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

    private SingleMachineCount() {}

    /** Counts a UTF-8 file on the calling thread. */
    public static Result count(Path input) throws IOException {
        return count(input, DEFAULT_BUFFER_BYTES);
    }

    /** Counts a UTF-8 file on the calling thread, reading {@code bufferBytes} at a time. */
    static Result count(Path input, int bufferBytes) throws IOException {
        if (bufferBytes < 1) throw new IllegalArgumentException("the buffer must be >= 1 byte but was " + bufferBytes);
        long start = System.nanoTime();
        WordCountTable table = new WordCountTable();
        long bytes = 0;
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            byte[] buffer = new byte[bufferBytes];
            int filled = 0;
            while (true) {
                int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
                if (read < 0) {
                    table.countText(buffer, 0, filled);
                    break;
                }
                bytes += read;
                filled += read;
                int cut = filled;
                while (cut > 0 && !Tokenizer.isAsciiWhitespace(buffer[cut - 1])) cut--;
                if (cut == 0) {
                    // One token so far: read on, into a larger buffer if this one is full.
                    if (filled == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    continue;
                }
                table.countText(buffer, 0, cut);
                System.arraycopy(buffer, cut, buffer, 0, filled - cut);
                filled -= cut;
            }
        }
        WordCounts counts = table.toWordCounts();
        return new Result(counts, bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Counts UTF-8 text on the calling thread. */
    public static Result count(byte[] utf8) {
        long start = System.nanoTime();
        WordCountTable table = new WordCountTable();
        table.countText(utf8, 0, utf8.length);
        WordCounts counts = table.toWordCounts();
        return new Result(counts, utf8.length, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The counts, the bytes read and the time it took. */
    public record Result(WordCounts counts, long bytes, Duration elapsed) {
        public double megabytesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds == 0 ? 0 : bytes / 1e6 / seconds;
        }
    }
}
