package scalelab.kv;

import java.time.Duration;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The key-value server's load scenarios: users that GET and POST keys {@code test:0} to {@code test:99}
 * in a given ratio and think time. {@code scalelab load --scenario kv} is 3:1 with between(0.5, 1.5) s.
 */
public final class KvScenario {
    static final int KEYS = 100;

    private KvScenario() {}

    public static Scenario scenario() {
        return mix(3, 1, WaitTime.between(Duration.ofMillis(500), Duration.ofMillis(1500)));
    }

    /** GETs and POSTs in the ratio {@code gets:posts}, with {@code waitTime} between requests. */
    public static Scenario mix(int gets, int posts, WaitTime waitTime) {
        var user =
                UserType.named("kv-user").waitTime(waitTime).task(gets, get()).task(posts, post());
        return Scenario.named("kv", "GET and POST keys " + gets + ":" + posts).user(user);
    }

    public static Call get() {
        return Call.get("/get?key=[key]", random -> "/get?key=test:" + random.nextInt(KEYS))
                .expect(200)
                .check(r -> r.text().contains("\"value\""), "no value in the answer");
    }

    public static Call post() {
        return Call.post(
                        "/post",
                        random -> "{\"key\":\"test:" + random.nextInt(KEYS) + "\",\"value\":\"v"
                                + random.nextInt(1_000_000) + "\"}")
                .expect(201);
    }
}
