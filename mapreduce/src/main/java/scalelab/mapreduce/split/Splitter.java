package scalelab.mapreduce.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Splits a UTF-8 input file into chunks that end at white space, never inside a word, streaming: planning reads
 * only the bytes around each boundary, and each chunk is read when it is needed, so a 1 GB input splits in a
 * heap of a few chunks.
 *
 * <p>PLACEHOLDER (skeleton) signatures; the implementation and its tests come with the text helper.
 */
public final class Splitter {
    /** Chunks larger than this are split further (8 MiB: one message each, small for a broker). */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 8 << 20;

    private Splitter() {}

    /**
     * Plans {@code chunks} chunks of about equal size, or more when that size would exceed {@code maxChunkBytes};
     * each boundary is moved forward to the next ASCII white-space byte. An empty file has no chunks.
     */
    public static List<Chunk> plan(Path input, int chunks, int maxChunkBytes) throws IOException {
        throw new UnsupportedOperationException("skeleton");
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
}
