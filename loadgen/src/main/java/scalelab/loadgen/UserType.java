package scalelab.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A kind of simulated user, like a Locust {@code User} class: a weight among the scenario's user types,
 * weighted tasks, a think time, and a hook run once when each user starts.
 *
 * <pre>{@code
 * UserType.named("reader").weight(3).waitTime(WaitTime.between(ofMillis(500), ofMillis(1500)))
 *         .task(3, Call.get("/get?key=a")).task(1, Call.post("/post", "{\"key\":\"a\",\"value\":\"b\"}"))
 * }</pre>
 */
public final class UserType {
    private final String name;
    private int weight = 1;
    private WaitTime waitTime = WaitTime.none();
    private Consumer<Session> onStart;
    private final List<Task> tasks = new ArrayList<>();
    private int[] cumulative = new int[0];

    private UserType(String name) {
        this.name = name;
    }

    public static UserType named(String name) {
        return new UserType(name);
    }

    public UserType weight(int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("a user type's weight is at least 1, not " + weight);
        }
        this.weight = weight;
        return this;
    }

    public UserType waitTime(WaitTime waitTime) {
        this.waitTime = waitTime;
        return this;
    }

    /** Runs once per user before its first task (Locust's {@code on_start}); may make calls. */
    public UserType onStart(Consumer<Session> hook) {
        this.onStart = hook;
        return this;
    }

    public UserType task(int weight, Call call) {
        return task(Task.of(weight, call));
    }

    public UserType task(Task task) {
        tasks.add(task);
        cumulative = new int[tasks.size()];
        int sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).weight();
            cumulative[i] = sum;
        }
        return this;
    }

    public String name() {
        return name;
    }

    public int weight() {
        return weight;
    }

    public WaitTime waitTime() {
        return waitTime;
    }

    Consumer<Session> onStart() {
        return onStart;
    }

    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** A task drawn with probability proportional to its weight. */
    Task pick(RandomGenerator random) {
        if (tasks.isEmpty()) {
            throw new IllegalStateException("user type '" + name + "' has no task");
        }
        int r = random.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return tasks.get(i);
            }
        }
        throw new AssertionError("unreachable");
    }
}
