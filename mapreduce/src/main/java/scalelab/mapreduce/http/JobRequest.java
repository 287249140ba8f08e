package scalelab.mapreduce.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import scalelab.core.http.Problems;
import scalelab.mapreduce.engine.JobSpec;

/**
 * Body of {@code POST /jobs} and {@code POST /single-machine}: exactly one of {@code input_path} (a UTF-8 file
 * inside the coordinator's data directory) and {@code text} (the text itself), and for a job the chunks and
 * reducers wanted.
 *
 * @param inputPath a file on the coordinator's machine, inside its data directory (a relative path is resolved
 *     against it); once {@linkplain #validated validated}, the file's real path
 * @param text the text to count
 * @param chunks map tasks wanted (default {@value #DEFAULT_CHUNKS})
 * @param reducers reduce partitions (default {@value #DEFAULT_REDUCERS})
 */
public record JobRequest(
        @JsonProperty("input_path") String inputPath,
        @JsonProperty("text") String text,
        @JsonProperty("chunks") Integer chunks,
        @JsonProperty("reducers") Integer reducers) {
    /** Map tasks when the request does not say: 4. */
    public static final int DEFAULT_CHUNKS = 4;
    /** Reduce partitions when the request does not say: 2. */
    public static final int DEFAULT_REDUCERS = 2;

    /**
     * The body as it arrives: chunks and reducers as JSON values, so that {@code 2.5} or {@code "4"} is reported
     * as a bad field instead of being rounded or coerced.
     */
    record Body(
            @JsonProperty("input_path") String inputPath,
            @JsonProperty("text") String text,
            @JsonProperty("chunks") JsonNode chunks,
            @JsonProperty("reducers") JsonNode reducers) {}

    /**
     * Checks every field at once; a bad request is one 400 {@code code} naming each bad field. The input file must
     * resolve, symlinks followed, to a readable regular file inside {@code dataDir}.
     *
     * @param dataDir the data directory's real path
     * @return the request with {@code input_path} replaced by the file's real path
     */
    static JobRequest validated(Body body, String code, Path dataDir) {
        var problems = new Problems();
        String inputPath = body.inputPath();
        String text = body.text();
        boolean hasPath = inputPath != null && !inputPath.isBlank();
        boolean hasText = text != null;
        problems.check(hasPath || hasText, "input_path or text is required");
        problems.check(!(hasPath && hasText), "input_path and text are exclusive: give one of them");
        Integer chunks = count(problems, "chunks", body.chunks(), JobSpec.MAX_CHUNKS);
        Integer reducers = count(problems, "reducers", body.reducers(), JobSpec.MAX_REDUCERS);
        String realPath = null;
        if (hasPath && !hasText) {
            Path real = inputFile(problems, inputPath, dataDir);
            realPath = real == null ? null : real.toString();
        }
        problems.throwIfAny(code, "the request is invalid");
        return new JobRequest(realPath, text, chunks, reducers);
    }

    /** A whole JSON number in 1..max, or null when absent; anything else is a problem naming the field. */
    private static Integer count(Problems problems, String field, JsonNode value, int max) {
        if (value == null || value.isNull()) return null;
        String range = field + " must be a whole number 1.." + max + " but was " + value;
        if (!value.isIntegralNumber()) {
            problems.check(false, range);
            return null;
        }
        BigInteger n = value.bigIntegerValue();
        boolean ok = n.signum() > 0 && n.compareTo(BigInteger.valueOf(max)) <= 0;
        problems.check(ok, range);
        return ok ? n.intValueExact() : null;
    }

    /**
     * The real path of a readable regular file inside {@code dataDir} named by {@code inputPath}, or null after
     * recording why not. Whether a file outside the data directory exists is not revealed.
     */
    private static Path inputFile(Problems problems, String inputPath, Path dataDir) {
        Path path;
        try {
            path = dataDir.resolve(inputPath);
        } catch (InvalidPathException e) {
            problems.check(false, "input_path: not a valid path (" + e.getReason() + ")");
            return null;
        }
        String outside = "input_path must be inside the data directory " + dataDir + " but was " + inputPath;
        // only for the message: the file read is the real path's, checked below
        boolean namedInside = path.normalize().startsWith(dataDir);
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException
                    ? "input_path: no readable file at " + inputPath
                    : e instanceof AccessDeniedException
                            ? "input_path: " + inputPath + " is not readable"
                            : "input_path: cannot open " + inputPath + " (" + e.getMessage() + ")";
            problems.check(false, namedInside ? why : outside);
            return null;
        }
        if (!real.startsWith(dataDir)) { // a symlink out of the data directory
            problems.check(false, outside);
            return null;
        }
        if (!Files.isRegularFile(real)) {
            problems.check(false, "input_path: " + inputPath + " is not a regular file");
            return null;
        }
        if (!Files.isReadable(real)) {
            problems.check(false, "input_path: " + inputPath + " is not readable");
            return null;
        }
        return sizeKnown(problems, inputPath, real) ? real : null;
    }

    /** A file that reports size 0 yet has content (/proc, /sys) cannot be split by offset: refused. */
    private static boolean sizeKnown(Problems problems, String inputPath, Path real) {
        try {
            if (Files.size(real) > 0) return true;
            try (InputStream in = Files.newInputStream(real)) {
                boolean empty = in.read() < 0;
                problems.check(
                        empty,
                        "input_path: " + inputPath + " reports size 0 but has content (not a regular"
                                + " file with a known size)");
                return empty;
            }
        } catch (IOException e) {
            problems.check(false, "input_path: cannot read " + inputPath + " (" + e.getMessage() + ")");
            return false;
        }
    }

    int chunksOrDefault() {
        return chunks == null ? DEFAULT_CHUNKS : chunks;
    }

    int reducersOrDefault() {
        return reducers == null ? DEFAULT_REDUCERS : reducers;
    }
}
