package scalelab.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import scalelab.loadgen.http.Request;
import scalelab.loadgen.http.Response;

/**
 * One kind of request a user makes: how to build it, the name its statistics are grouped under, and what
 * makes an answer a failure. Immutable; build it once and reuse it.
 *
 * <pre>{@code
 * Call.get("/albums/{id}", random -> "/albums/" + (1 + random.nextInt(100)))
 * Call.post("/post", "{\"key\":\"a\",\"value\":\"b\"}").expect(201)
 * Call.get("/albums/1").check(r -> r.text().contains("\"id\""), "no id in the album")
 * }</pre>
 *
 * <p>By default, as in Locust, an answer fails when its status is 400 or above. {@link #expect} and
 * {@link #check} replace and add to that rule (Locust's {@code catch_response}).
 */
public final class Call {
    /** A response check and the failure message when it does not hold. */
    record Check(Predicate<Response> test, String failure) {}

    private final String method;
    private final String name;
    private final Function<RandomGenerator, String> path;
    private final Function<RandomGenerator, String> body;
    private final Map<String, String> headers;
    private final IntPredicate statusOk;
    private final String statusRule;
    private final List<Check> checks;
    private final Request fixed;
    private final Key key;

    private Call(
            String method,
            String name,
            Function<RandomGenerator, String> path,
            Function<RandomGenerator, String> body,
            Map<String, String> headers,
            IntPredicate statusOk,
            String statusRule,
            List<Check> checks,
            Request fixed) {
        this.method = method;
        this.name = name;
        this.path = path;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.statusOk = statusOk;
        this.statusRule = statusRule;
        this.checks = List.copyOf(checks);
        this.fixed = fixed;
        this.key = new Key(method, name);
    }

    public static Call get(String path) {
        return fixed("GET", path, null);
    }

    /** A GET whose path is drawn per request; its statistics group under {@code name}. */
    public static Call get(String name, Function<RandomGenerator, String> path) {
        return new Call("GET", name, path, null, Map.of(), s -> s < 400, "< 400", List.of(), null);
    }

    public static Call post(String path, String json) {
        return fixed("POST", path, json);
    }

    /** A POST of a JSON body drawn per request. */
    public static Call post(String path, Function<RandomGenerator, String> json) {
        return new Call("POST", path, r -> path, json, jsonHeaders(), s -> s < 400, "< 400", List.of(), null);
    }

    /** Any method, fixed path and body ({@code null} for none). */
    public static Call of(String method, String path, String body) {
        return fixed(method, path, body);
    }

    private static Call fixed(String method, String path, String body) {
        var headers = body == null ? Map.<String, String>of() : jsonHeaders();
        var request = new Request(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        return new Call(
                method,
                path,
                r -> path,
                body == null ? null : r -> body,
                headers,
                s -> s < 400,
                "< 400",
                List.of(),
                request);
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("Content-Type", "application/json");
    }

    /** The name statistics group under, e.g. {@code /albums/{id}}. */
    public Call name(String name) {
        return new Call(method, name, path, body, headers, statusOk, statusRule, checks, fixed);
    }

    public Call header(String header, String value) {
        var all = new LinkedHashMap<>(headers);
        all.put(header, value);
        Request request = fixed == null ? null : new Request(method, fixed.path(), all, fixed.body());
        return new Call(method, name, path, body, all, statusOk, statusRule, checks, request);
    }

    /** Only these statuses succeed. */
    public Call expect(int... statuses) {
        var allowed = java.util.Arrays.stream(statuses).boxed().toList();
        return new Call(method, name, path, body, headers, allowed::contains, "in " + allowed, checks, fixed);
    }

    /** A further condition on the answer; when it does not hold the request fails with {@code failure}. */
    public Call check(Predicate<Response> test, String failure) {
        var all = new ArrayList<>(checks);
        all.add(new Check(test, failure));
        return new Call(method, name, path, body, headers, statusOk, statusRule, all, fixed);
    }

    public String method() {
        return method;
    }

    public String name() {
        return name;
    }

    Key key() {
        return key;
    }

    Request request(RandomGenerator random) {
        if (fixed != null) {
            return fixed;
        }
        String b = body == null ? null : body.apply(random);
        return new Request(method, path.apply(random), headers, b == null ? null : b.getBytes(StandardCharsets.UTF_8));
    }

    /** Null when the answer succeeds, else why it failed. */
    String failure(Response response) {
        if (!statusOk.test(response.status())) {
            return "HTTP " + response.status() + " (expected " + statusRule + ")";
        }
        for (Check check : checks) {
            if (!check.test().test(response)) {
                return check.failure();
            }
        }
        return null;
    }
}
