package scalelab.mapreduce.engine;

import java.time.Instant;
import java.util.List;

/** One task's progress; every field is guarded by its {@link Job}'s lock. */
final class TaskState {
    enum State {
        PENDING,
        ISSUED,
        DONE
    }

    final int index;
    final long offset; // map tasks: the chunk
    final int length;
    State state = State.PENDING;
    int attempts;
    Instant firstIssuedAt;
    long firstIssuedNanos;
    long lastIssuedNanos;
    Instant finishedAt;
    long finishedNanos;
    String worker;
    long workMillis;
    List<Blob> partials; // reduce tasks: what to send again on a re-issue, until done

    TaskState(int index, long offset, int length) {
        this.index = index;
        this.offset = offset;
        this.length = length;
    }

    void issued(Instant now, long nowNanos) {
        state = State.ISSUED;
        attempts++;
        if (firstIssuedAt == null) {
            firstIssuedAt = now;
            firstIssuedNanos = nowNanos;
        }
        lastIssuedNanos = nowNanos;
    }

    void done(Instant now, long nowNanos, String by, long workedMillis) {
        state = State.DONE;
        finishedAt = now;
        finishedNanos = nowNanos;
        worker = by;
        workMillis = workedMillis;
        partials = null;
    }

    TaskView view(boolean map) {
        Long duration = state == State.DONE ? (finishedNanos - firstIssuedNanos) / 1_000_000 : null;
        return new TaskView(
                index,
                state.name().toLowerCase(java.util.Locale.ROOT),
                attempts,
                map ? offset : null,
                map ? length : null,
                firstIssuedAt,
                finishedAt,
                duration,
                worker,
                state == State.DONE ? workMillis : null);
    }
}
