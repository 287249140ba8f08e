package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/**
 * The album contract of API.md, exercised over HTTP as a client would. Each store runs it: the
 * in-memory one as a unit test, PostgreSQL as an integration test.
 */
abstract class AlbumApiContract {
    static final String GIANT_STEPS = "{\"title\":\"Giant Steps\",\"artist\":\"John Coltrane\",\"price\":12.5}";
    static final long MAX_BODY_BYTES = 16 * 1024;

    AlbumStore store;
    HttpServer server;
    TestHttp http;

    abstract AlbumStore newStore();

    @BeforeEach
    void startService() {
        store = newStore();
        server = HttpServer.start(
                ServerConfig.loopback("albums").withMaxBodyBytes(MAX_BODY_BYTES),
                new AlbumRoutes(new AlbumService(store)));
        http = TestHttp.of(server.uri());
    }

    @AfterEach
    void stopService() {
        server.close();
        store.close();
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    List<Album> all() {
        var response = http.get("/albums");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().convertValue(json(response), new TypeReference<List<Album>>() {});
    }

    /** Runs {@code rejected}, checks its status and error code, and that the store did not change. */
    void assertRejectedWithoutChange(int status, String error, Callable<HttpResponse<String>> rejected)
            throws Exception {
        List<Album> before = all();
        HttpResponse<String> response = rejected.call();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).isEqualTo(error);
        assertThat(json(response).get("message").asText()).isNotBlank();
        assertThat(all()).isEqualTo(before);
    }

    @Test
    void listAnswersTheSeedAlbumsInOrder() {
        assertThat(all()).isEqualTo(Album.SEED);
    }

    @Test
    void getOneAnswersTheAlbumWithAStringId() {
        var response = http.get("/albums/1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"id\":\"1\",\"title\":\"Blue Train\",\"artist\":\"John Coltrane\",\"price\":56.99}");
    }

    @Test
    void unknownAlbumAnswers404WithMessage() {
        var response = http.get("/albums/999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("album not found");
        assertThat(json(response).get("error").asText()).isEqualTo("ALBUM_NOT_FOUND");
    }

    @Test
    void postWithoutIdStoresTheAlbumUnderTheNextFreeNumber() {
        var response = http.post("/albums", GIANT_STEPS);
        assertThat(response.statusCode()).isEqualTo(201);
        Album created = Json.read(response.body(), Album.class);
        assertThat(created.id()).isEqualTo("4");
        assertThat(created.title()).isEqualTo("Giant Steps");
        assertThat(Json.read(http.get("/albums/4").body(), Album.class)).isEqualTo(created);
        assertThat(all()).hasSize(4).last().isEqualTo(created);
    }

    @Test
    void postWithAnIdStoresItUnderThatId() {
        var response = http.post(
                "/albums",
                "{\"id\":\"ks-1\",\"title\":\"Köln Concert\",\"artist\":\"Keith Jarrett\"," + "\"price\":19.99}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Json.read(http.get("/albums/ks-1").body(), Album.class).title())
                .isEqualTo("Köln Concert");
    }

    @Test
    void postWithATakenIdAnswers409AndKeepsTheOriginal() throws Exception {
        assertRejectedWithoutChange(
                409,
                "ALBUM_EXISTS",
                () -> http.post("/albums", "{\"id\":\"1\",\"title\":\"Other\",\"artist\":\"Someone\",\"price\":1}"));
        assertThat(Json.read(http.get("/albums/1").body(), Album.class).title()).isEqualTo("Blue Train");
    }

    @Test
    void postOfMalformedJsonAnswers400AndStoresNothing() throws Exception {
        assertRejectedWithoutChange(400, "MALFORMED_JSON", () -> http.post("/albums", "{\"title\": \"Blue"));
    }

    @Test
    void postWithMissingAndInvalidFieldsAnswers400NamingEveryProblem() throws Exception {
        assertRejectedWithoutChange(400, "INVALID_ALBUM", () -> http.post("/albums", "{\"title\":\" \",\"price\":-1}"));
        var response = http.post("/albums", "{\"title\":\" \",\"price\":-1}");
        assertThat(json(response).get("details").asText())
                .contains("title must not be blank", "artist must not be blank", "price must be >= 0");
    }

    @Test
    void postWithAWronglyTypedFieldAnswers400() throws Exception {
        assertRejectedWithoutChange(
                400,
                "INVALID_FIELD",
                () -> http.post("/albums", "{\"title\":\"T\",\"artist\":\"A\",\"price\":\"cheap\"}"));
    }

    @Test
    void controlCharactersAndOverPrecisePricesAnswer400OnEveryStore() throws Exception {
        assertRejectedWithoutChange(
                400,
                "INVALID_ALBUM",
                () -> http.post("/albums", "{\"title\":\"T\\u0000\",\"artist\":\"A\",\"price\":1}"));
        assertRejectedWithoutChange(
                400,
                "INVALID_ALBUM",
                () -> http.post("/albums", "{\"title\":\"T\",\"artist\":\"A\",\"price\":1e-20000}"));
    }

    @Test
    void postWithAnInvalidIdAnswers400() throws Exception {
        assertRejectedWithoutChange(
                400,
                "INVALID_ALBUM",
                () -> http.post("/albums", "{\"id\":\"a/b\",\"title\":\"T\",\"artist\":\"A\",\"price\":1}"));
    }

    @Test
    void postOfANonJsonContentTypeAnswers415AndStoresNothing() throws Exception {
        assertRejectedWithoutChange(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                () -> http.send("POST", "/albums", "text/plain", GIANT_STEPS.getBytes()));
    }

    @Test
    void postOverTheBodyLimitAnswers413AndStoresNothing() throws Exception {
        String huge = "{\"title\":\"" + "x".repeat((int) MAX_BODY_BYTES) + "\",\"artist\":\"A\",\"price\":1}";
        assertRejectedWithoutChange(413, "PAYLOAD_TOO_LARGE", () -> http.post("/albums", huge));
    }

    @Test
    void putReplacesTheAlbumAndAnswersIt() {
        var response =
                http.put("/albums/2", "{\"title\":\"Jeru (remastered)\",\"artist\":\"Gerry Mulligan\",\"price\":21}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.read(response.body(), Album.class).id()).isEqualTo("2");
        assertThat(Json.read(http.get("/albums/2").body(), Album.class).title()).isEqualTo("Jeru (remastered)");
        assertThat(all()).hasSize(3); // replaced in place, not added
        assertThat(all().get(1).id()).isEqualTo("2");
    }

    @Test
    void putOfAnUnknownAlbumAnswers404AndCreatesNothing() throws Exception {
        assertRejectedWithoutChange(404, "ALBUM_NOT_FOUND", () -> http.put("/albums/77", GIANT_STEPS));
    }

    @Test
    void putWithADifferentBodyIdAnswers400() throws Exception {
        assertRejectedWithoutChange(
                400,
                "ID_MISMATCH",
                () -> http.put("/albums/2", "{\"id\":\"3\",\"title\":\"T\",\"artist\":\"A\",\"price\":1}"));
    }

    @Test
    void putOfMalformedJsonAnswers400AndChangesNothing() throws Exception {
        assertRejectedWithoutChange(400, "MALFORMED_JSON", () -> http.put("/albums/2", "not json"));
    }

    @Test
    void deleteAnswers200ThenTheAlbumIsGone() {
        var response = http.delete("/albums/3");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("message").asText()).isEqualTo("album deleted");
        assertThat(http.get("/albums/3").statusCode()).isEqualTo(404);
        assertThat(all()).extracting(Album::id).containsExactly("1", "2");
    }

    @Test
    void deleteOfAnUnknownAlbumAnswers404() throws Exception {
        assertRejectedWithoutChange(404, "ALBUM_NOT_FOUND", () -> http.delete("/albums/999"));
    }

    @Test
    void limitAndOffsetPageThroughTheList() {
        var page = Json.mapper()
                .convertValue(json(http.get("/albums?limit=1&offset=1")), new TypeReference<List<Album>>() {});
        assertThat(page).extracting(Album::id).containsExactly("2");
        assertThat(json(http.get("/albums?offset=5"))).isEmpty();
    }

    @Test
    void invalidPagingAnswers400() {
        for (String query : List.of("limit=-1", "offset=x", "limit=1.5")) {
            var response = http.get("/albums?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("INVALID_PAGING");
        }
    }

    @Test
    void healthReportsTheAlbumCount() {
        var response = http.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("healthy");
        assertThat(json(response).get("albums").asLong()).isEqualTo(3);
    }

    // --- concurrency: many writers at once ---

    static final int THREADS = 16;

    <T> List<T> concurrently(int tasks, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < tasks; i++) {
                futures.add(pool.submit(task));
            }
            var results = new ArrayList<T>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPostsGetDistinctIdsAndNoneIsLost() throws Exception {
        int posts = 400;
        List<HttpResponse<String>> responses = concurrently(posts, () -> http.post("/albums", GIANT_STEPS));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        List<String> ids = responses.stream()
                .map(r -> Json.read(r.body(), Album.class).id())
                .toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(posts);
        assertThat(all()).hasSize(3 + posts);
        assertThat(json(http.get("/health")).get("albums").asLong()).isEqualTo(3 + posts);
    }

    @Test
    void concurrentPostsOfOneIdStoreExactlyOne() throws Exception {
        String body = "{\"id\":\"race\",\"title\":\"T\",\"artist\":\"A\",\"price\":1}";
        List<Integer> statuses =
                concurrently(64, () -> http.post("/albums", body).statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(63);
        assertThat(all()).hasSize(4);
    }

    @Test
    void putRacingDeleteNeverBringsTheAlbumBack() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = "r" + round;
            http.post("/albums", "{\"id\":\"" + id + "\",\"title\":\"T\",\"artist\":\"A\",\"price\":1}");
            List<Integer> statuses = concurrently(9, new Callable<>() {
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public Integer call() {
                    return n.getAndIncrement() == 4
                            ? http.delete("/albums/" + id).statusCode()
                            : http.put("/albums/" + id, GIANT_STEPS).statusCode();
                }
            });
            assertThat(statuses).contains(200).allMatch(s -> s == 200 || s == 404);
            assertThat(http.get("/albums/" + id).statusCode()).isEqualTo(404);
        }
    }
}
