package scalelab.mapreduce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.core.messaging.InProcessBroker;
import scalelab.mapreduce.engine.CoordinatorConfig;
import scalelab.mapreduce.engine.FaultyBroker;
import scalelab.mapreduce.engine.JobSpec;
import scalelab.mapreduce.engine.TestPlanner;
import scalelab.mapreduce.engine.TestTexts;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.TestHttp;

/** The coordinator service over HTTP, with mappers and reducers in the same JVM on the in-process broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobRoutesTest {
    @TempDir
    Path dir;

    /** The service's data directory, inside {@link #dir}: files beside it are outside. */
    private Path data;

    private MapReduceService service;
    private HttpServer server;
    private TestHttp http;

    private FaultyBroker broker;

    private void start(int mappers, int reducers) throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        broker = new FaultyBroker(new InProcessBroker());
        service = MapReduceService.assemble(
                broker, CoordinatorConfig.defaults(), mappers, reducers, TestPlanner::plan, data);
        server = HttpServer.start(
                ServerConfig.loopback("mapreduce").withMaxBodyBytes(16 << 20),
                service.routes().toArray(Routes[]::new));
        http = TestHttp.of(server.uri());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (service != null) service.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private JsonNode awaitDone(String location) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(http.get(location)).get("status").asText(), s -> s.equals("DONE"));
        return json(http.get(location));
    }

    private static WordCounts.Result resultOf(HttpResponse<String> response) {
        return Json.read(response.body(), WordCounts.Result.class);
    }

    @Test
    void aJobOnPostedTextRunsToDoneAndItsResultIsTheReference() throws Exception {
        start(2, 2);
        String text = TestTexts.random(11, 120_000);

        var accepted = http.post("/jobs", Json.write(java.util.Map.of("text", text, "chunks", 3, "reducers", 2)));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).get("job_id").asText();
        assertThat(accepted.headers().firstValue("Location")).contains("/jobs/" + id);
        JsonNode status = awaitDone("/jobs/" + id);
        assertThat(status.get("map_tasks_total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(status.get("map_tasks").get(0).get("state").asText()).isEqualTo("done");
        assertThat(status.get("map_tasks").get(0).get("worker").asText()).startsWith("mapper-");
        assertThat(status.get("reduce_tasks")).hasSize(2);
        assertThat(status.get("phases").get("total_ms")).isNotNull();
        var result = http.get("/jobs/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(resultOf(result).counts()).isEqualTo(WordCounts.ofText(text));
        assertThat(result.body()).startsWith("{\"final_count\":");
    }

    @Test
    void aJobOnAFilePathRunsToDoneAndItsResultIsTheReference() throws Exception {
        start(1, 1);
        String text = TestTexts.random(12, 60_000);
        Path input = TestTexts.write(data, "in.txt", text);

        var accepted = http.post("/jobs", Json.write(java.util.Map.of("input_path", input.toString())));

        String id = json(accepted).get("job_id").asText();
        awaitDone("/jobs/" + id);
        assertThat(resultOf(http.get("/jobs/" + id + "/result")).counts()).isEqualTo(WordCounts.ofText(text));
        assertThat(input).exists(); // a file given by path is the caller's: not deleted
    }

    @Test
    void badJobsAre400NamingEveryBadFieldAndStartNothing() throws Exception {
        start(1, 1);
        Path input = TestTexts.write(data, "in.txt", "a b c");

        assertBadRequest(
                http.post("/jobs", "{\"input_path\":\"" + input + "\",\"text\":\"x\"}"),
                "INVALID_JOB",
                "input_path and text are exclusive");
        assertBadRequest(http.post("/jobs", "{\"chunks\":2}"), "INVALID_JOB", "input_path or text is required");
        var zero = http.post("/jobs", "{\"text\":\"a\",\"chunks\":0,\"reducers\":0}");
        assertBadRequest(zero, "INVALID_JOB", "chunks must be a whole number 1..");
        assertThat(json(zero).get("details").asText()).contains("reducers must be a whole number 1..");
        assertBadRequest(
                http.post("/jobs", "{\"input_path\":\"" + data.resolve("missing.txt") + "\"}"),
                "INVALID_JOB",
                "input_path: no readable file at");
        var malformed = http.post("/jobs", "{\"text\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("error").asText()).isNotBlank();
        var wrongType = http.post("/jobs", "{\"text\":\"a\",\"chunks\":\"many\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);

        assertThat(service.coordinator().metrics().jobsSubmitted()).isZero();
    }

    private static void assertBadRequest(HttpResponse<String> response, String code, String detail) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo(code);
        assertThat(json(response).get("details").asText()).contains(detail);
    }

    @Test
    void anInputPathThatIsNotAFileIs400NamingInputPathOnBothRoutes() throws Exception {
        start(1, 1);
        Files.createDirectories(data.resolve("sub"));
        Path empty = Files.createFile(data.resolve("empty.txt"));

        for (String route : List.of("/jobs", "/single-machine")) {
            String code = route.equals("/jobs") ? "INVALID_JOB" : "INVALID_INPUT";
            assertBadRequest(http.post(route, "{\"input_path\":\"a\\u0000b\"}"), code, "input_path: not a valid path");
            assertBadRequest(
                    http.post(
                            route,
                            Json.write(Map.of("input_path", data.resolve("sub").toString()))),
                    code,
                    "input_path: " + data.resolve("sub") + " is not a regular file");
            assertBadRequest(
                    http.post(route, Json.write(Map.of("input_path", "sub"))),
                    code,
                    "input_path: sub is not a regular");
            assertBadRequest(
                    http.post(route, Json.write(Map.of("input_path", "nope.txt"))),
                    code,
                    "input_path: no readable file at nope.txt");
        }
        // an empty file is a valid, empty input
        assertThat(http.post("/single-machine", Json.write(Map.of("input_path", empty.toString())))
                        .statusCode())
                .isEqualTo(200);
        assertThat(service.coordinator().metrics().jobsSubmitted()).isZero();
    }

    @Test
    void anInputPathOutsideTheDataDirectoryIsRefusedOnBothRoutes() throws Exception {
        start(1, 1);
        Path outside = TestTexts.write(dir, "outside.txt", "secret words");
        Path link = Files.createSymbolicLink(data.resolve("link.txt"), outside);
        Path dirLink = Files.createSymbolicLink(data.resolve("up"), dir);
        String inside = "input_path must be inside the data directory " + data.toRealPath();

        for (String route : List.of("/jobs", "/single-machine")) {
            String code = route.equals("/jobs") ? "INVALID_JOB" : "INVALID_INPUT";
            for (String path : List.of(
                    outside.toString(),
                    "../outside.txt",
                    data + "/../outside.txt",
                    "/etc/hostname",
                    "/proc/self/environ",
                    "/nonexistent/file",
                    link.toString(),
                    "link.txt",
                    "up/outside.txt",
                    dirLink + "/data/../outside.txt")) {
                assertBadRequest(http.post(route, Json.write(Map.of("input_path", path))), code, inside);
            }
        }
        assertThat(service.coordinator().metrics().jobsSubmitted()).isZero();
    }

    @Test
    void anInputPathInsideTheDataDirectoryIsCountedRelativeOrAbsoluteOrThroughASymlinkInside() throws Exception {
        start(1, 1);
        String text = "to be or not to be";
        Path input = TestTexts.write(Files.createDirectories(data.resolve("sub")), "in.txt", text);
        Files.createSymbolicLink(data.resolve("alias.txt"), input);

        for (String path : List.of("sub/in.txt", input.toString(), "sub/../sub/in.txt", "alias.txt")) {
            var response = http.post("/single-machine", Json.write(Map.of("input_path", path)));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(resultOf(response).counts()).isEqualTo(WordCounts.ofText(text));
        }
        var accepted = http.post("/jobs", Json.write(Map.of("input_path", "alias.txt")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).get("job_id").asText();
        awaitDone("/jobs/" + id);
        assertThat(resultOf(http.get("/jobs/" + id + "/result")).counts()).isEqualTo(WordCounts.ofText(text));
    }

    @Test
    void chunksAndReducersMustBeWholeNumbersInTheEnginesBounds() throws Exception {
        start(1, 1);

        var fractional = http.post("/jobs", "{\"text\":\"a\",\"chunks\":2.5,\"reducers\":1.5}");
        assertBadRequest(fractional, "INVALID_JOB", "chunks must be a whole number 1.." + JobSpec.MAX_CHUNKS);
        assertThat(json(fractional).get("details").asText())
                .contains("but was 2.5", "reducers must be a whole number 1.." + JobSpec.MAX_REDUCERS);
        assertBadRequest(
                http.post("/jobs", Json.write(Map.of("text", "a", "chunks", JobSpec.MAX_CHUNKS + 1))),
                "INVALID_JOB",
                "chunks must be a whole number");
        assertBadRequest(
                http.post("/jobs", Json.write(Map.of("text", "a", "reducers", JobSpec.MAX_REDUCERS + 1))),
                "INVALID_JOB",
                "reducers must be a whole number");
        assertBadRequest(
                http.post("/jobs", "{\"text\":\"a\",\"chunks\":99999999999999999999}"),
                "INVALID_JOB",
                "chunks must be a whole number");
        assertBadRequest(
                http.post("/jobs", "{\"text\":\"a\",\"chunks\":\"4\"}"), "INVALID_JOB", "chunks must be a whole");
        assertThat(service.coordinator().metrics().jobsSubmitted()).isZero();

        var whole = http.post("/jobs", "{\"text\":\"a b\",\"chunks\":2,\"reducers\":3}");
        assertThat(whole.statusCode()).isEqualTo(202);
        assertThat(awaitDone(json(whole).get("location").asText()).get("reduce_tasks"))
                .hasSize(3);
    }

    @Test
    void aJobSubmittedWhileTheBrokerIsUnreachableIs503AndStartsNothing() throws Exception {
        start(1, 1);
        String text = "unreachable " + UUID.randomUUID();
        broker.unreachable(true);

        var refused = http.post("/jobs", Json.write(Map.of("text", text)));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("error").asText()).isEqualTo("BROKER_UNAVAILABLE");
        assertThat(service.coordinator().metrics().jobsSubmitted()).isZero();
        assertThat(spooledCopiesOf(text)).isEmpty();
        broker.unreachable(false);
        assertThat(http.post("/jobs", Json.write(Map.of("text", text))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void aJobSubmittedToAClosedCoordinatorIs503AndItsUploadIsDeleted() throws Exception {
        start(1, 1);
        String text = "closed " + UUID.randomUUID();
        service.coordinator().close();

        var refused = http.post("/jobs", Json.write(Map.of("text", text)));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("error").asText()).isEqualTo("COORDINATOR_CLOSED");
        assertThat(spooledCopiesOf(text)).isEmpty();
    }

    /** Spooled uploads in the temporary directory whose content is {@code text} (other processes' are ignored). */
    private static List<Path> spooledCopiesOf(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        var found = new java.util.ArrayList<Path>();
        try (var files = Files.newDirectoryStream(tmp, "scalelab-mapreduce-*.txt")) {
            for (Path file : files) {
                try {
                    if (Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes)) {
                        found.add(file);
                    }
                } catch (NoSuchFileException gone) {
                    // another process's upload, deleted meanwhile
                }
            }
        }
        return found;
    }

    @Test
    void anUnknownJobIs404() throws Exception {
        start(1, 1);
        var status = http.get("/jobs/job-nope");
        var result = http.get("/jobs/job-nope/result");

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(json(status).get("error").asText()).isEqualTo("JOB_NOT_FOUND");
        assertThat(result.statusCode()).isEqualTo(404);
    }

    @Test
    void theResultOfARunningJobIs409() throws Exception {
        start(0, 1); // no mapper: the job stays in MAPPING
        var accepted = http.post("/jobs", "{\"text\":\"to be or not to be\"}");
        String id = json(accepted).get("job_id").asText();

        var result = http.get("/jobs/" + id + "/result");

        assertThat(result.statusCode()).isEqualTo(409);
        assertThat(json(result).get("error").asText()).isEqualTo("JOB_NOT_DONE");
        assertThat(json(http.get("/jobs/" + id)).get("status").asText()).isIn("SPLITTING", "MAPPING");
    }

    @Test
    void healthAndMetricsDescribeTheCoordinator() throws Exception {
        start(2, 1);
        var health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"broker\":\"faulty in-process\"", "\"mappers\":2", "\"broker_reachable\":true");

        var metrics = json(http.get("/metrics"));
        assertThat(metrics.get("jobs_submitted").asLong()).isZero();
        assertThat(metrics.get("duplicates_ignored")).isNotNull();
        assertThat(metrics.get("tasks_reissued")).isNotNull();
        assertThat(metrics.get("map_tasks_queued").asLong()).isZero();
    }

    @Test
    void healthIs503WhileTheBrokerIsUnreachable() throws Exception {
        start(1, 1);
        broker.unreachable(true);

        var health = http.get("/health");

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("broker unreachable");
        assertThat(json(http.get("/metrics")).get("map_tasks_queued").isNull()).isTrue();
        broker.unreachable(false);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void singleMachineCountsPostedTextAndAFile() throws Exception {
        start(1, 1);
        String text = TestTexts.random(13, 50_000);
        Path input = TestTexts.write(data, "in.txt", text);

        var byText = http.post("/single-machine", Json.write(java.util.Map.of("text", text)));
        var byPath = http.post("/single-machine", Json.write(java.util.Map.of("input_path", input.toString())));

        for (var response : java.util.List.of(byText, byPath)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(resultOf(response).counts()).isEqualTo(WordCounts.ofText(text));
            JsonNode body = json(response);
            assertThat(body.get("bytes").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            assertThat(body.get("elapsed_ms")).isNotNull();
            assertThat(body.get("megabytes_per_second")).isNotNull();
        }
        assertThat(http.post("/single-machine", "{}").statusCode()).isEqualTo(400);
        assertThat(Files.exists(input)).isTrue();
    }
}
