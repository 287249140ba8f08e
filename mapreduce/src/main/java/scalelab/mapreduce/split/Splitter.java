package scalelab.mapreduce.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import scalelab.mapreduce.text.Tokenizer;

/**
 * Splits a UTF-8 input file into chunks that end at white space, never inside a word, streaming: planning reads
 * only the bytes around each boundary, and each chunk is read when it is needed, so a 1 GB input splits in a
 * heap of a few chunks.
 *
 * <p>A boundary is placed at an ASCII white-space byte (0x09-0x0D, 0x1C-0x1F, 0x20; {@link
 * Tokenizer#isAsciiWhitespace}), which begins the next chunk. No multi-byte UTF-8 character contains such a
 * byte, so a boundary never cuts a character either, and counting the chunks apart gives the count of the
 * whole. Planning seeks to each nominal boundary and reads forward in small windows ({@value #WINDOW_BYTES}
 * bytes) to the next white space; if that would make a chunk longer than the maximum, it reads backward from
 * the maximum to the last white space instead. Only a single token longer than the maximum (no white space in
 * a chunk's first {@code maxChunkBytes} bytes) makes a chunk longer than the maximum: the chunk then runs to the
 * next white space after it.
 */
public final class Splitter {
    /** Chunks larger than this are split further (8 MiB: one message each, small for a broker). */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 8 << 20;

    /** The bytes read at a time while looking for white space near a boundary. */
    static final int WINDOW_BYTES = 16 * 1024;

    private Splitter() {}

    /**
     * Plans {@code chunks} chunks of about equal size, or more when that size would exceed {@code maxChunkBytes};
     * each boundary is moved forward to the next ASCII white-space byte. An empty file has no chunks; a file of
     * fewer words than {@code chunks} has fewer chunks (boundaries that meet are merged).
     *
     * @throws IllegalArgumentException if {@code chunks} or {@code maxChunkBytes} is below 1
     */
    public static List<Chunk> plan(Path input, int chunks, int maxChunkBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            return plan(channel, chunks, maxChunkBytes);
        }
    }

    /** Plans the chunks of what the channel holds (its size when called), reading through it. */
    static List<Chunk> plan(SeekableByteChannel channel, int chunks, int maxChunkBytes) throws IOException {
        if (chunks < 1) throw new IllegalArgumentException("chunks must be >= 1 but was " + chunks);
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException("maxChunkBytes must be >= 1 but was " + maxChunkBytes);
        }
        long size = channel.size();
        long n = Math.max(chunks, ceilDiv(size, maxChunkBytes));
        var finder = new WhitespaceFinder(channel, size);
        List<Chunk> plan = new ArrayList<>();
        long start = 0;
        long k = 1; // the next nominal boundary is k * size / n
        while (start < size) {
            while (k < n && nominal(k, size, n) <= start) k++;
            long nominal = k < n ? nominal(k++, size, n) : size; // each nominal boundary ends one chunk at most
            long limit = start + maxChunkBytes;
            long end;
            if (nominal >= size && size <= limit) {
                end = size;
            } else {
                end = finder.next(Math.min(nominal, limit));
                if (end - start > maxChunkBytes) {
                    long back = finder.last(start + 1, limit);
                    if (back > start) end = back;
                }
            }
            plan.add(new Chunk(plan.size(), start, Math.toIntExact(end - start)));
            start = end;
        }
        return List.copyOf(plan);
    }

    /** {@code k * size / n}, without overflow. */
    private static long nominal(long k, long size, long n) {
        return size / n * k + size % n * k / n;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The bytes of one chunk. */
    public static byte[] read(Path input, Chunk chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(chunk.length());
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, chunk.offset() + buffer.position()) < 0) {
                    throw new IOException(input + " is shorter than planned: did it change while being split?");
                }
            }
            return buffer.array();
        }
    }

    /** Finds white-space bytes near a position, reading small windows. */
    private static final class WhitespaceFinder {
        private final SeekableByteChannel channel;
        private final long size;
        private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);

        WhitespaceFinder(SeekableByteChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        /** The position of the first white-space byte at or after {@code from}, or the size if there is none. */
        long next(long from) throws IOException {
            for (long at = from; at < size; ) {
                int read = fill(at, (int) Math.min(WINDOW_BYTES, size - at));
                for (int i = 0; i < read; i++) {
                    if (Tokenizer.isAsciiWhitespace(window.get(i))) return at + i;
                }
                at += read;
            }
            return size;
        }

        /** The position of the last white-space byte in {@code [from, to]}, or -1 if there is none. */
        long last(long from, long to) throws IOException {
            for (long end = Math.min(to + 1, size); end > from; ) {
                long at = Math.max(from, end - WINDOW_BYTES);
                int read = fill(at, (int) (end - at));
                for (int i = read - 1; i >= 0; i--) {
                    if (Tokenizer.isAsciiWhitespace(window.get(i))) return at + i;
                }
                end = at;
            }
            return -1;
        }

        /** Reads {@code length} bytes at {@code position} into the window. */
        private int fill(long position, int length) throws IOException {
            window.clear().limit(length);
            channel.position(position);
            while (window.hasRemaining()) {
                if (channel.read(window) < 0) {
                    throw new IOException("the input is shorter than " + size + " bytes: did it change while split?");
                }
            }
            return length;
        }
    }
}
