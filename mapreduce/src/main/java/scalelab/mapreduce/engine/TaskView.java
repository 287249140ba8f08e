package scalelab.mapreduce.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One task of a job as {@code GET /jobs/{id}} shows it.
 *
 * @param index the map task's chunk index, or the reduce task's partition
 * @param state {@code pending} (not issued yet), {@code issued} or {@code done}
 * @param attempts times issued
 * @param offset the chunk's first byte (map tasks)
 * @param length the chunk's bytes (map tasks)
 * @param issuedAt first issued
 * @param finishedAt its answer received
 * @param durationMillis from first issued to done
 * @param worker the worker whose answer was kept
 * @param workMillis the time that worker reports it spent counting or merging
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        @JsonProperty("index") int index,
        @JsonProperty("state") String state,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("offset") Long offset,
        @JsonProperty("length") Integer length,
        @JsonProperty("issued_at") Instant issuedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("duration_ms") Long durationMillis,
        @JsonProperty("worker") String worker,
        @JsonProperty("work_ms") Long workMillis) {}
