package scalelab.mapreduce.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A job as {@code GET /jobs/{id}} shows it: its status, counters, time per phase so far, and every task.
 *
 * @param error why it failed (FAILED only)
 * @param phases milliseconds per phase, those not started yet absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        @JsonProperty("job_id") String id,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("error") String error,
        @JsonProperty("input_bytes") long inputBytes,
        @JsonProperty("chunks_requested") int chunksRequested,
        @JsonProperty("reducers") int reducers,
        @JsonProperty("submitted_at") Instant submittedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("map_tasks_total") int mapTasksTotal,
        @JsonProperty("map_tasks_done") int mapTasksDone,
        @JsonProperty("reduce_tasks_done") int reduceTasksDone,
        @JsonProperty("reissued") long reissued,
        @JsonProperty("duplicates_ignored") long duplicatesIgnored,
        @JsonProperty("phases") Phases phases,
        @JsonProperty("map_tasks") List<TaskView> mapTasks,
        @JsonProperty("reduce_tasks") List<TaskView> reduceTasks) {
    public JobView {
        mapTasks = List.copyOf(mapTasks);
        reduceTasks = List.copyOf(reduceTasks);
    }

    /** Milliseconds per phase (see {@link PhaseTimes}); a phase not begun is null, one under way counts so far. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phases(
            @JsonProperty("split_ms") Long splitMillis,
            @JsonProperty("map_ms") Long mapMillis,
            @JsonProperty("shuffle_ms") Long shuffleMillis,
            @JsonProperty("reduce_ms") Long reduceMillis,
            @JsonProperty("total_ms") Long totalMillis) {}
}
