package scalelab.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/** The key-value contract of API.md over HTTP. */
class KvApiTest {
    private KvStore store = new KvStore(KvStore.DEFAULT_MAX_KEYS);
    private HttpServer server = HttpServer.start(ServerConfig.loopback("kv"), new KvRoutes(store));
    private TestHttp http = TestHttp.of(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private void restartWith(KvStore newStore) {
        server.close();
        store = newStore;
        server = HttpServer.start(ServerConfig.loopback("kv"), new KvRoutes(store));
        http = TestHttp.of(server.uri());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void anAbsentKeyAnswersAnEmptyValue() {
        var response = http.get("/get?key=nothing");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"value\":\"\"}");
    }

    @Test
    void postStoresTheValueAndEchoesTheBodyWith201() {
        var response = http.post("/post", "{\"key\":\"test\",\"value\":\"42\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"key\":\"test\",\"value\":\"42\"}");
        assertThat(json(http.get("/get?key=test")).get("value").asText()).isEqualTo("42");

        http.post("/post", "{\"key\":\"test\",\"value\":\"43\"}");
        assertThat(json(http.get("/get?key=test")).get("value").asText()).isEqualTo("43");
    }

    @Test
    void malformedJsonAnswers400AndStoresNothing() {
        var response = http.post("/post", "{\"key\":\"test\",");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(store.size()).isZero();
    }

    @Test
    void missingKeyOrValueAnswers400AndStoresNothing() {
        for (String body : List.of("{\"value\":\"v\"}", "{\"key\":\"\",\"value\":\"v\"}", "{\"key\":\"k\"}")) {
            var response = http.post("/post", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_ENTRY");
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void getWithoutAKeyAnswers400() {
        for (String path : List.of("/get", "/get?key=")) {
            var response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("MISSING_KEY");
        }
    }

    @Test
    void nonJsonContentTypeAnswers415() {
        var response = http.send("POST", "/post", "text/plain", "{\"key\":\"k\",\"value\":\"v\"}".getBytes());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(store.size()).isZero();
    }

    @Test
    void aFullStoreRefusesNewKeysWith507ButStillOverwrites() {
        restartWith(new KvStore(2));
        assertThat(http.post("/post", "{\"key\":\"a\",\"value\":\"1\"}").statusCode())
                .isEqualTo(201);
        assertThat(http.post("/post", "{\"key\":\"b\",\"value\":\"1\"}").statusCode())
                .isEqualTo(201);
        var full = http.post("/post", "{\"key\":\"c\",\"value\":\"1\"}");
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(json(full).get("error").asText()).isEqualTo("STORE_FULL");
        assertThat(http.post("/post", "{\"key\":\"a\",\"value\":\"2\"}").statusCode())
                .isEqualTo(201);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void concurrentWritersLoseNoKey() throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            var futures = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 800; i++) {
                String body = "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}";
                futures.add(pool.submit(() -> http.post("/post", body).statusCode()));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.size()).isEqualTo(800);
        assertThat(json(http.get("/get?key=k799")).get("value").asText()).isEqualTo("v799");
        assertThat(json(http.get("/health")).get("keys").asInt()).isEqualTo(800);
    }
}
