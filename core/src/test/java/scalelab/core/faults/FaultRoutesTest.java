package scalelab.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ApiException;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/** The admin switch over HTTP, in front of a feature whose routes are fault-injected. */
class FaultRoutesTest {
    private static final String TOKEN = "s3cret-admin";

    /** A feature with one answer and one refusal. */
    static final class Things implements Routes {
        @Override
        public void register(Router router) {
            router.get("/thing", ex -> ex.json(200, Map.of("thing", 1))).get("/missing", ex -> {
                throw ApiException.notFound("THING_NOT_FOUND", "no such thing");
            });
        }
    }

    private final Faults faults = new Faults();
    private HttpServer server = start(TOKEN);
    private TestHttp http = TestHttp.of(server.uri());

    private HttpServer start(String token) {
        return HttpServer.start(
                ServerConfig.loopback("faulty"), faults.inject(new Things()), new FaultRoutes(faults, token));
    }

    @AfterEach
    void stop() {
        faults.reset(); // releases any request still waiting
        server.close();
    }

    private HttpResponse<String> admin(String path, String header, String value) {
        var request = http.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build());
    }

    private HttpResponse<String> admin(String path) {
        return admin(path, "X-Admin-Token", TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void adminEndpointsWithoutTheTokenAnswer401AndChangeNothing() {
        for (String path : List.of("/fail/on", "/crash", "/fail/off", "/recover", "/latency?ms=10", "/reset")) {
            var response = admin(path, null, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(json(response).get("error").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain(TOKEN);
        }
        assertThat(admin("/fail/on", "X-Admin-Token", "").statusCode()).isEqualTo(401);
        assertThat(admin("/fail/on", "Authorization", "Basic YTpi").statusCode())
                .isEqualTo(401);
        assertThat(faults.state()).isEqualTo(new FaultState(false, 0, 0, 0, 0));
    }

    @Test
    void aWrongTokenAnswers403AndChangesNothing() {
        for (var header : List.of("X-Admin-Token", "Authorization")) {
            String value = header.equals("Authorization") ? "Bearer not-the-token" : "not-the-token";
            var response = admin("/fail/on", header, value);
            assertThat(response.statusCode()).as(header).isEqualTo(403);
            assertThat(json(response).get("error").asText()).isEqualTo("FORBIDDEN");
            assertThat(response.body()).doesNotContain(TOKEN, "not-the-token");
        }
        assertThat(faults.failureMode()).isFalse();
    }

    @Test
    void theTokenPassesInXAdminTokenOrAsABearer() {
        var on = admin("/fail/on", "X-Admin-Token", TOKEN);
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).isEqualTo("{\"message\":\"failure mode on\",\"failure_mode\":true,\"latency_ms\":0}");
        var off = admin("/fail/off", "Authorization", "Bearer " + TOKEN);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json(off).get("failure_mode").asBoolean()).isFalse();
    }

    @Test
    void withoutAConfiguredTokenTheAdminEndpointsAreOpen() {
        server.close();
        server = start("  ");
        http = TestHttp.of(server.uri());
        assertThat(admin("/crash", null, null).statusCode()).isEqualTo(200);
        assertThat(faults.failureMode()).isTrue();
    }

    @Test
    void failureModeFailsTheInjectedRoutesWith503AndTheHealth() {
        assertThat(admin("/crash").statusCode()).isEqualTo(200);
        var failed = http.get("/thing");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).get("error").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(json(failed).has("message")).isTrue();
        var health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("failure_mode").asBoolean()).isTrue();

        assertThat(admin("/recover").statusCode()).isEqualTo(200);
        assertThat(http.get("/thing").statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void latencyOutside0To60000OrNotANumberAnswers400() {
        for (String path : List.of(
                "/latency",
                "/latency?ms=",
                "/latency?ms=abc",
                "/latency?ms=-1",
                "/latency?ms=60001",
                "/latency?ms=1.5",
                "/latency?ms=99999999999999999999")) {
            var response = admin(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_LATENCY");
        }
        var max = admin("/latency?ms=60000");
        assertThat(max.statusCode()).isEqualTo(200);
        assertThat(json(max).get("latency_ms").asLong()).isEqualTo(60_000);
    }

    @Test
    void injectedLatencyDelaysTheInjectedRoutesOnly() {
        assertThat(admin("/latency?ms=200").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        assertThat(http.get("/thing").statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);

        assertThat(admin("/latency?ms=60000").statusCode()).isEqualTo(200);
        start = System.nanoTime(); // a minute of latency would time these out (10 s) if they waited it
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(admin("/fail/off").statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void metricsCountTheInjectedRoutesAndResetZeroesThem() {
        http.get("/thing");
        http.get("/missing");
        admin("/fail/on");
        http.get("/thing");
        admin("/latency?ms=5");
        var metrics = json(http.get("/metrics"));
        assertThat(metrics.get("requests").asLong()).isEqualTo(3);
        assertThat(metrics.get("successes").asLong()).isEqualTo(2);
        assertThat(metrics.get("failures").asLong()).isEqualTo(1);
        assertThat(metrics.get("failure_mode").asBoolean()).isTrue();
        assertThat(metrics.get("latency_ms").asLong()).isEqualTo(5);
        assertThat(http.get("/prometheus").body()).contains("faults_failures_total", "faults_failure_mode");

        var reset = admin("/reset");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).get("failure_mode").asBoolean()).isFalse();
        metrics = json(http.get("/metrics"));
        assertThat(metrics.get("requests").asLong()).isZero();
        assertThat(metrics.get("failure_mode").asBoolean()).isFalse();
        assertThat(metrics.get("latency_ms").asLong()).isZero();
    }
}
