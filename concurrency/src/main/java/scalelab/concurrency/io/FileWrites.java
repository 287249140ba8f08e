package scalelab.concurrency.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Writes {@code lines} short lines to a new file in {@code dir}, either one {@code write} system call per line
 * ({@link FileOutputStream#write(byte[])}) or through a {@link BufferedOutputStream} of {@link #BUFFER_BYTES}, which
 * calls {@code write} once per full buffer; optionally with an fsync ({@link java.io.FileDescriptor#sync()}) before
 * the close, which waits until the disk has the data. The file is deleted before {@link #run} returns, even when
 * the write fails.
 *
 * <pre>{@code
 * FileWrites.Result r = FileWrites.run(dir, FileWrites.Mode.BUFFERED, false, 100_000);
 * }</pre>
 */
public final class FileWrites {
    /** Lines per file (100,000), the issue's. */
    public static final int DEFAULT_LINES = 100_000;

    /** The buffered stream's buffer, in bytes (8 KiB, the JDK's default). */
    public static final int BUFFER_BYTES = 8192;

    public enum Mode {
        UNBUFFERED("unbuffered (one write per line)"),
        BUFFERED("BufferedOutputStream (8 KiB)");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One file written: its size as written and as found on disk afterwards, and the time from opening the file to
     * closing it (the fsync included when asked).
     */
    public record Result(Mode mode, boolean fsync, int lines, long bytesWritten, long bytesOnDisk, Duration elapsed) {
        public boolean exact() {
            return bytesWritten == bytesOnDisk;
        }

        public String label() {
            return mode.label() + (fsync ? " + fsync" : "");
        }
    }

    private FileWrites() {}

    private static final byte[] TEMPLATE =
            "line 0000000 of the file-write experiment\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The line {@code i}, as written: "line 0000042 of the file-write experiment\n" (42 bytes; the number modulo
     * 10^7). Built by filling in digits, not by formatting, so that making the line costs little beside writing it.
     */
    static byte[] line(int i) {
        byte[] line = TEMPLATE.clone();
        int v = i;
        for (int p = 11; p >= 5; p--, v /= 10) line[p] = (byte) ('0' + v % 10);
        return line;
    }

    /**
     * @throws IllegalArgumentException if {@code lines} is below 1
     */
    public static Result run(Path dir, Mode mode, boolean fsync, int lines) throws IOException {
        if (lines < 1) throw new IllegalArgumentException("lines must be at least 1 but was " + lines);
        Path file = Files.createTempFile(dir, "lines-" + mode.name().toLowerCase(Locale.ROOT) + "-", ".txt");
        try {
            long written = 0;
            long start = System.nanoTime();
            try (var raw = new FileOutputStream(file.toFile())) {
                OutputStream out = mode == Mode.BUFFERED ? new BufferedOutputStream(raw, BUFFER_BYTES) : raw;
                for (int i = 0; i < lines; i++) {
                    byte[] line = line(i);
                    out.write(line);
                    written += line.length;
                }
                out.flush();
                if (fsync) raw.getFD().sync();
            }
            long elapsed = System.nanoTime() - start;
            return new Result(mode, fsync, lines, written, Files.size(file), Duration.ofNanos(elapsed));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
