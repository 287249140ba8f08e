package scalelab.loadgen;

import java.util.function.Consumer;

/**
 * Something a user does, picked by weight: one {@link Call}, or code that makes any number of calls
 * through its {@link Session} (run on its own virtual thread).
 */
public record Task(int weight, Call call, String label, Consumer<Session> code) {
    public Task {
        if (weight < 1) {
            throw new IllegalArgumentException("a task's weight is at least 1, not " + weight);
        }
        if ((call == null) == (code == null)) {
            throw new IllegalArgumentException("a task is either a call or code");
        }
    }

    public static Task of(int weight, Call call) {
        return new Task(weight, call, call.method() + " " + call.name(), null);
    }

    public static Task code(int weight, String label, Consumer<Session> code) {
        return new Task(weight, null, label, code);
    }
}
