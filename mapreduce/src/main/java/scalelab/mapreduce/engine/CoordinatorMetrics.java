package scalelab.mapreduce.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's counters since it started, as {@code /metrics} shows them.
 *
 * @param jobsSubmitted jobs accepted
 * @param jobsRunning jobs not finished
 * @param jobsDone jobs with a result
 * @param jobsFailed jobs that failed
 * @param mapTasksIssued map tasks published, re-issues included
 * @param reduceTasksIssued reduce tasks published, re-issues included
 * @param tasksReissued tasks issued again after a time-out or a dead-letter
 * @param duplicatesIgnored partials and results received again (or after their job ended) and not counted
 * @param unknownJobMessages partials and results of jobs this coordinator does not know (acked and dropped)
 * @param deadLettered tasks that came back through a dead-letter queue
 * @param malformed answers that could not be read (dead-lettered)
 */
public record CoordinatorMetrics(
        @JsonProperty("jobs_submitted") long jobsSubmitted,
        @JsonProperty("jobs_running") long jobsRunning,
        @JsonProperty("jobs_done") long jobsDone,
        @JsonProperty("jobs_failed") long jobsFailed,
        @JsonProperty("map_tasks_issued") long mapTasksIssued,
        @JsonProperty("reduce_tasks_issued") long reduceTasksIssued,
        @JsonProperty("tasks_reissued") long tasksReissued,
        @JsonProperty("duplicates_ignored") long duplicatesIgnored,
        @JsonProperty("unknown_job_messages") long unknownJobMessages,
        @JsonProperty("dead_lettered") long deadLettered,
        @JsonProperty("malformed") long malformed) {

    /** The live counters; every field is written by the coordinator and its jobs. */
    static final class Counters {
        final AtomicLong jobsSubmitted = new AtomicLong();
        final AtomicLong jobsDone = new AtomicLong();
        final AtomicLong jobsFailed = new AtomicLong();
        final AtomicLong mapTasksIssued = new AtomicLong();
        final AtomicLong reduceTasksIssued = new AtomicLong();
        final AtomicLong tasksReissued = new AtomicLong();
        final AtomicLong duplicatesIgnored = new AtomicLong();
        final AtomicLong unknownJobMessages = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong malformed = new AtomicLong();

        CoordinatorMetrics snapshot() {
            long submitted = jobsSubmitted.get();
            long done = jobsDone.get();
            long failed = jobsFailed.get();
            return new CoordinatorMetrics(
                    submitted,
                    Math.max(0, submitted - done - failed),
                    done,
                    failed,
                    mapTasksIssued.get(),
                    reduceTasksIssued.get(),
                    tasksReissued.get(),
                    duplicatesIgnored.get(),
                    unknownJobMessages.get(),
                    deadLettered.get(),
                    malformed.get());
        }
    }
}
