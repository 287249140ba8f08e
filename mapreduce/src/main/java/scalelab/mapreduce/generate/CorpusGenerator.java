package scalelab.mapreduce.generate;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a deterministic synthetic corpus: words drawn from a Zipf-distributed vocabulary, with punctuation,
 * dashes, apostrophes, some non-ASCII words and line breaks. The same size and seed give the same bytes.
 *
 * <p>PLACEHOLDER (skeleton) signatures.
 */
public final class CorpusGenerator {
    private CorpusGenerator() {}

    /** Writes exactly {@code bytes} bytes of UTF-8 text (ending at white space) to {@code output}. */
    public static void generate(long bytes, long seed, Path output) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Parses a size: {@code 100MB}, {@code 10MB}, {@code 1GB}, {@code 512KB}, {@code 4096} (bytes); MB = 10^6. */
    public static long parseSize(String size) {
        throw new UnsupportedOperationException("skeleton");
    }
}
