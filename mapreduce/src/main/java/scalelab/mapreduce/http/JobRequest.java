package scalelab.mapreduce.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import scalelab.core.http.Problems;
import scalelab.mapreduce.engine.JobSpec;

/**
 * Body of {@code POST /jobs} and {@code POST /single-machine}: exactly one of {@code input_path} (a UTF-8 file the
 * coordinator can read) and {@code text} (the text itself), and for a job the chunks and reducers wanted.
 *
 * @param inputPath a file on the coordinator's machine
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

    /** Checks every field at once; a bad request is one 400 {@code code} naming each bad field. */
    JobRequest validated(String code) {
        var problems = new Problems();
        boolean hasPath = inputPath != null && !inputPath.isBlank();
        boolean hasText = text != null;
        problems.check(hasPath || hasText, "input_path or text is required");
        problems.check(!(hasPath && hasText), "input_path and text are exclusive: give one of them");
        if (hasPath && !hasText) {
            Path path = Path.of(inputPath);
            problems.check(
                    Files.isRegularFile(path) && Files.isReadable(path),
                    "input_path: no readable file at " + inputPath);
        }
        problems.check(
                chunks == null || (chunks >= 1 && chunks <= JobSpec.MAX_CHUNKS),
                "chunks must be 1.." + JobSpec.MAX_CHUNKS + " but was " + chunks);
        problems.check(
                reducers == null || (reducers >= 1 && reducers <= JobSpec.MAX_REDUCERS),
                "reducers must be 1.." + JobSpec.MAX_REDUCERS + " but was " + reducers);
        problems.throwIfAny(code, "the request is invalid");
        return this;
    }

    int chunksOrDefault() {
        return chunks == null ? DEFAULT_CHUNKS : chunks;
    }

    int reducersOrDefault() {
        return reducers == null ? DEFAULT_REDUCERS : reducers;
    }
}
