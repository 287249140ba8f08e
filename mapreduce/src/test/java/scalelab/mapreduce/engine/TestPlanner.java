package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import scalelab.mapreduce.split.Chunk;
import scalelab.mapreduce.split.Splitter;

/**
 * The splitter's plan, or, while {@link Splitter#plan} is still the skeleton's placeholder, a plain test-local one:
 * about equal chunks (at most {@code maxChunkBytes}), each boundary moved forward to the next ASCII white space.
 * Reads the whole file: small test inputs only.
 */
public final class TestPlanner {
    private TestPlanner() {}

    public static List<Chunk> plan(Path input, int chunks, int maxChunkBytes) throws IOException {
        try {
            return Splitter.plan(input, chunks, maxChunkBytes);
        } catch (UnsupportedOperationException skeleton) {
            return plainPlan(Files.readAllBytes(input), chunks, maxChunkBytes);
        }
    }

    static List<Chunk> plainPlan(byte[] text, int chunks, int maxChunkBytes) {
        var plan = new ArrayList<Chunk>();
        if (text.length == 0) return plan;
        long size = Math.min(maxChunkBytes, Math.max(1, (text.length + chunks - 1) / chunks));
        int start = 0;
        while (start < text.length) {
            int end = (int) Math.min(text.length, start + size);
            while (end < text.length && !isAsciiSpace(text[end])) end++;
            plan.add(new Chunk(plan.size(), start, end - start));
            start = end;
        }
        return plan;
    }

    private static boolean isAsciiSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }
}
