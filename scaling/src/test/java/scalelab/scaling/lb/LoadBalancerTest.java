package scalelab.scaling.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/**
 * The balancer over real HTTP on 127.0.0.1: policies, health-check thresholds, passive ejection, the one retry,
 * draining, the admin API. Health checks run only when a test calls {@link LoadBalancer#checkNow}.
 */
class LoadBalancerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<FakeTarget> fakes = new ArrayList<>();
    private LoadBalancer lb;
    private HttpServer server;
    private TestHttp http;

    private void start(Policy policy, int healthy, int unhealthy, int targets) {
        start(policy, healthy, unhealthy, targets, Duration.ofSeconds(10));
    }

    private void start(Policy policy, int healthy, int unhealthy, int targets, Duration responseTimeout) {
        lb = LoadBalancer.manual(
                LbConfig.defaults()
                        .withTimeouts(Duration.ofSeconds(1), responseTimeout)
                        .withPolicy(policy)
                        .withChecks("/health", Duration.ofHours(1), Duration.ofSeconds(1), healthy, unhealthy)
                        .withDrainTimeout(Duration.ofSeconds(10)),
                Clock.systemUTC());
        server = HttpServer.start(ServerConfig.loopback("lb"), new LoadBalancerRoutes(lb));
        http = TestHttp.of(server.uri());
        for (int i = 0; i < targets; i++) {
            var fake = new FakeTarget("t" + i);
            fakes.add(fake);
            lb.add(fake.uri());
        }
        for (int i = 0; i < healthy; i++) {
            lb.checkNow();
        }
    }

    @AfterEach
    void stop() {
        fakes.forEach(FakeTarget::close);
        if (server != null) {
            server.close();
        }
        if (lb != null) {
            lb.close();
        }
    }

    private Target target(int i) {
        return lb.targets().stream()
                .filter(t -> t.uri().equals(fakes.get(i).uri()))
                .findFirst()
                .orElseThrow();
    }

    private static String name(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class).get("name").asText();
    }

    @Test
    void roundRobinSpreadsRequestsEvenly() {
        start(Policy.ROUND_ROBIN, 1, 1, 3);
        var counts = new HashMap<String, Integer>();
        for (int i = 0; i < 30; i++) {
            var response = http.get("/who");
            assertThat(response.statusCode()).isEqualTo(200);
            counts.merge(name(response), 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(Map.of("t0", 10, "t1", 10, "t2", 10));
    }

    @Test
    void leastOutstandingPrefersTheIdleTarget() {
        start(Policy.LEAST_OUTSTANDING, 1, 1, 2);
        var slow = CompletableFuture.supplyAsync(() -> http.get("/slow"));
        await().atMost(WAIT)
                .until(() -> fakes.get(0).waiting.get() + fakes.get(1).waiting.get() == 1);
        int busy = fakes.get(0).waiting.get() == 1 ? 0 : 1;
        String idle = fakes.get(1 - busy).name;
        for (int i = 0; i < 10; i++) {
            assertThat(name(http.get("/who"))).isEqualTo(idle);
        }
        assertThat(target(busy).outstanding()).isEqualTo(1);
        fakes.get(busy).release();
        assertThat(slow.orTimeout(10, TimeUnit.SECONDS).join().statusCode()).isEqualTo(200);
    }

    @Test
    void aTargetTurnsUnhealthyAfterNFailedChecksAndHealthyAgainAfterMGoodOnes() {
        start(Policy.ROUND_ROBIN, 2, 3, 1); // healthy after 2 good checks, unhealthy after 3 failed
        assertThat(target(0).state()).isEqualTo(TargetState.HEALTHY);
        fakes.get(0).healthy.set(false);
        lb.checkNow();
        lb.checkNow();
        assertThat(target(0).state()).isEqualTo(TargetState.HEALTHY);
        lb.checkNow();
        assertThat(target(0).state()).isEqualTo(TargetState.UNHEALTHY);
        assertThat(http.get("/who").statusCode()).isEqualTo(503);

        fakes.get(0).healthy.set(true);
        lb.checkNow();
        assertThat(target(0).state()).isEqualTo(TargetState.UNHEALTHY);
        lb.checkNow();
        assertThat(target(0).state()).isEqualTo(TargetState.HEALTHY);
        assertThat(http.get("/who").statusCode()).isEqualTo(200);
        assertThat(lb.events()).extracting(TargetEvent::event).containsSubsequence("healthy", "unhealthy", "healthy");
    }

    @Test
    void aNewTargetGetsNoTrafficBeforeItPassesItsChecks() {
        start(Policy.ROUND_ROBIN, 2, 2, 1);
        var late = new FakeTarget("late");
        fakes.add(late);
        lb.add(late.uri());
        for (int i = 0; i < 6; i++) {
            assertThat(name(http.get("/who"))).isEqualTo("t0");
        }
        lb.checkNow();
        lb.checkNow();
        var names = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            names.add(name(http.get("/who")));
        }
        assertThat(names).contains("t0", "late");
    }

    @Test
    void aConnectionFailureEjectsTheTargetAndAGetIsRetriedOnceOnAnother() {
        start(Policy.ROUND_ROBIN, 1, 3, 2);
        http.get("/who");
        http.get("/who"); // each target has a pooled connection now
        fakes.get(1).server.close();
        for (int i = 0; i < 6; i++) {
            var response = http.get("/who");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(name(response)).isEqualTo("t0");
        }
        assertThat(target(1).state()).isEqualTo(TargetState.UNHEALTHY); // at once, not after 3 checks
        assertThat(lb.retries()).isEqualTo(1);
        assertThat(lb.events()).anyMatch(e -> e.event().equals("ejected"));
    }

    @Test
    void aPostWhoseConnectionFailsIsNotRetried() {
        start(Policy.ROUND_ROBIN, 1, 3, 2);
        fakes.get(1).server.close();
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 2; i++) {
            statuses.add(http.post("/echo", "{\"n\":" + i + "}").statusCode());
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 502);
        assertThat(fakes.get(0).posts.get()).isEqualTo(1); // the failed one was not sent to t0 as well
        assertThat(lb.retries()).isZero();
        var refused = Json.read(http.post("/echo", "{}").body(), JsonNode.class); // t1 is ejected now: t0 answers
        assertThat(refused.get("name").asText()).isEqualTo("t0");
    }

    @Test
    void aRemovedTargetDrainsItsRequestsInFlightAndGetsNoNewOnes() {
        start(Policy.LEAST_OUTSTANDING, 1, 1, 2);
        var slow = CompletableFuture.supplyAsync(() -> http.get("/slow"));
        await().atMost(WAIT)
                .until(() -> fakes.get(0).waiting.get() + fakes.get(1).waiting.get() == 1);
        int busy = fakes.get(0).waiting.get() == 1 ? 0 : 1;
        assertThat(lb.remove(fakes.get(busy).uri())).isTrue();
        assertThat(target(busy).state()).isEqualTo(TargetState.DRAINING);
        for (int i = 0; i < 5; i++) {
            assertThat(name(http.get("/who"))).isEqualTo(fakes.get(1 - busy).name);
        }
        assertThat(lb.targets()).hasSize(2); // still there: a request in flight
        fakes.get(busy).release();
        var answer = slow.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(answer.statusCode()).isEqualTo(200); // finished, not cut
        assertThat(name(answer)).isEqualTo(fakes.get(busy).name);
        await().atMost(WAIT).until(() -> lb.targets().size() == 1);
        assertThat(lb.events()).extracting(TargetEvent::event).containsSubsequence("draining", "removed");
    }

    @Test
    void answersQueriesHeadersAndErrorsPassThroughUnchanged() {
        start(Policy.ROUND_ROBIN, 1, 1, 1);
        var response = http.get("/who?q=a%20b&x=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.read(response.body(), JsonNode.class).get("query").asText())
                .isEqualTo("q=a%20b&x=1");
        assertThat(response.headers().firstValue("X-Target")).hasValue("t0");
        assertThat(response.headers().firstValue(LoadBalancerRoutes.SERVED_BY))
                .hasValue(fakes.get(0).uri().toString());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        var missing = http.get("/missing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("NOT_HERE");
        var echoed = http.post("/echo", "{\"hello\":\"world\"}");
        assertThat(Json.read(echoed.body(), JsonNode.class).get("body").asText())
                .isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeGives504AndIsNotRetried() {
        start(Policy.ROUND_ROBIN, 1, 1, 2, Duration.ofMillis(300));
        var response = http.get("/slow");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(Json.read(response.body(), JsonNode.class).get("error").asText())
                .isEqualTo("GATEWAY_TIMEOUT");
        assertThat(lb.retries()).isZero();
        assertThat(fakes.get(0).gets.get() + fakes.get(1).gets.get()).isEqualTo(1);
        assertThat(lb.healthyCount()).isEqualTo(2); // slow is not dead: no ejection
    }

    @Test
    void withNoHealthyTargetTheBalancerAnswers503WithTheErrorBody() {
        start(Policy.ROUND_ROBIN, 1, 1, 0);
        var response = http.get("/anything");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.read(response.body(), JsonNode.class).get("error").asText())
                .isEqualTo("NO_HEALTHY_TARGET");
        assertThat(http.get("/health").statusCode()).isEqualTo(503);
    }

    @Test
    void theAdminApiAddsListsAndRemovesTargets() {
        start(Policy.ROUND_ROBIN, 1, 1, 0);
        var fake = new FakeTarget("added");
        fakes.add(fake);
        var added = http.post("/lb/targets", "{\"url\":\"" + fake.uri() + "\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).contains("\"state\":\"initial\"");
        lb.checkNow();
        var list = Json.read(http.get("/lb/targets").body(), JsonNode.class);
        assertThat(list.get("targets").get(0).get("state").asText()).isEqualTo("healthy");
        assertThat(http.get("/who").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").body())
                .contains("\"balancer\"", fake.uri().toString());

        int known = lb.targets().size();
        for (String bad :
                new String[] {"ftp://x", "http://127.0.0.1:99999", "http://127.0.0.1:1/path", "http://u@h:1"}) {
            var refused = http.post("/lb/targets", "{\"url\":\"" + bad + "\"}");
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("INVALID_TARGET");
        }
        assertThat(lb.targets()).as("a refused target is not added").hasSize(known);
        assertThat(http.delete("/lb/targets?url=http://127.0.0.1:1").statusCode())
                .isEqualTo(404);
        assertThat(http.delete("/lb/targets?url=" + fake.uri()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> lb.targets().isEmpty());
    }
}
