package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.json.Json;
import scalelab.mapreduce.generate.CorpusGenerator;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.RabbitVhost;
import scalelab.testkit.TestHttp;

/**
 * The MapReduce roles as separate processes of the built jar on the real RabbitMQ (a throwaway vhost), started
 * with the ./scalelab launcher after {@code package} (as {@link LauncherIT}): a coordinator with no mappers or
 * reducers of its own, a reducer process, and a mapper process that waits 30 s on each task it takes. That mapper
 * is killed with SIGKILL while it holds a task (no shutdown hook, no ack); RabbitMQ puts what it held back in the
 * queue, a second mapper process counts it, and the job's result is still exactly the reference count.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapReduceProcessesIT {
    private static final long INPUT_BYTES = 2_000_000;
    private static final int CHUNKS = 8;
    private static final int REDUCERS = 2;
    /** Small heaps and a quick start: four JVMs share two cores with the build. */
    private static final String JAVA_OPTS = "-XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1";
    /** {@code mapper <id> took map task <n> of job <id> (...; attempt <a>, delivery <d>)...} */
    private static final Pattern TOOK =
            Pattern.compile("mapper (\\S+) took map task (\\d+) of job (\\S+) \\(.*attempt (\\d+), delivery (\\d+)\\)");

    @TempDir
    Path dir;

    private RabbitVhost vhost;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, List<String>> outputs = new LinkedHashMap<>();
    private boolean passed;

    @BeforeEach
    void createVhost() {
        vhost = RabbitVhost.create();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            for (Process p : processes.values()) p.toHandle().destroy(); // SIGTERM to all first: they stop at once
            for (Process p : processes.values()) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (!passed) {
                outputs.forEach((name, lines) -> {
                    System.out.println("---- output of " + name);
                    lines.forEach(System.out::println);
                });
            }
        } finally {
            if (vhost != null) vhost.close();
        }
    }

    @Test
    void aMapperProcessKilledMidTaskHasItsTaskRedeliveredAndTheResultIsExact() throws Exception {
        Path input = dir.resolve("input.txt");
        CorpusGenerator.generate(INPUT_BYTES, 7, input);
        String text = Files.readString(input, StandardCharsets.UTF_8);
        int port;
        try (var free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var http = TestHttp.of(URI.create("http://127.0.0.1:" + port));

        Process coordinator = start(
                "coordinator",
                null, // ready once /health answers, below
                "mapreduce",
                "coordinator",
                "--broker",
                vhost.url(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port));
        start("reducer", "mapreduce reducer running", "mapreduce", "reducer", "--broker", vhost.url());
        Process mapperA = start(
                "mapper A",
                "mapreduce mapper running",
                "mapreduce",
                "mapper",
                "--broker",
                vhost.url(),
                "--task-delay",
                "30s");
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .failFast("the coordinator process ended: " + outputs.get("coordinator"), () -> !coordinator.isAlive())
                .until(() -> http.get("/health").statusCode() == 200);
        JsonNode health = Json.read(http.get("/health").body(), JsonNode.class);
        assertThat(health.toString())
                .as("no mapper or reducer in the coordinator's JVM")
                .contains("\"mappers\":0", "\"reducers\":0");

        var submitted = http.post("/jobs", Json.write(Map.of("text", text, "chunks", CHUNKS, "reducers", REDUCERS)));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = Json.read(submitted.body(), JsonNode.class).get("job_id").asText();

        // mapper A takes a task and sits on it (30 s): the only mapper, so nothing can be done meanwhile
        List<String> outputA = outputs.get("mapper A");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .failFast("mapper A ended: " + outputA, () -> !mapperA.isAlive())
                .until(() -> took(outputA, jobId).size() == 1);
        int heldByA = Integer.parseInt(took(outputA, jobId).get(0).group(2));
        JsonNode beforeKill = job(http, jobId);
        assertThat(beforeKill.get("map_tasks_done").asInt())
                .as(beforeKill.toString())
                .isZero();
        assertThat(beforeKill.get("map_tasks"))
                .filteredOn(task -> task.get("index").asInt() == heldByA)
                .singleElement()
                .satisfies(task -> assertThat(task.get("state").asText()).isEqualTo("issued"));

        mapperA.destroyForcibly(); // SIGKILL (the launcher exec'd the JVM): no shutdown hook, no close, no ack
        assertThat(mapperA.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mapperA.exitValue()).as("exit status of the killed mapper").isEqualTo(128 + 9);

        Process mapperB = start("mapper B", "mapreduce mapper running", "mapreduce", "mapper", "--broker", vhost.url());
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .failFast("mapper B ended: " + outputs.get("mapper B"), () -> !mapperB.isAlive())
                .failFast("the job failed", () -> "FAILED".equals(status(http, jobId)))
                .until(() -> "DONE".equals(status(http, jobId)));

        var result = http.get("/jobs/" + jobId + "/result");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        Map<String, Long> finalCount = Json.mapper()
                .convertValue(
                        Json.read(result.body(), JsonNode.class).get("final_count"),
                        new TypeReference<Map<String, Long>>() {});
        WordCounts.Result expected = WordCounts.ofText(text).toResult();
        assertThat(finalCount).as("final_count").isEqualTo(expected.finalCount());

        // every map task was counted by mapper B, A's included; RabbitMQ redelivered it (delivery 2), the
        // coordinator did not re-issue it (that would take the 60 s task timeout): attempts stay 1
        JsonNode view = job(http, jobId);
        String workerB = "mapper-1@" + mapperB.pid() + "@";
        assertThat(view.get("reissued").asLong()).as(view.toString()).isZero();
        assertThat(view.get("map_tasks_total").asInt()).isGreaterThan(1);
        assertThat(view.get("map_tasks")).allSatisfy(task -> {
            assertThat(task.get("state").asText()).isEqualTo("done");
            assertThat(task.get("attempts").asInt()).isEqualTo(1);
            assertThat(task.get("worker").asText()).startsWith(workerB);
        });
        List<Matcher> redelivered = took(outputs.get("mapper B"), jobId);
        assertThat(redelivered)
                .as("mapper B's INFO lines for redelivered tasks: %s", outputs.get("mapper B"))
                .anySatisfy(m -> {
                    assertThat(Integer.parseInt(m.group(2))).as("task").isEqualTo(heldByA);
                    assertThat(m.group(4)).as("attempt").isEqualTo("1");
                    assertThat(m.group(5)).as("delivery").isEqualTo("2");
                });
        JsonNode metrics = Json.read(http.get("/metrics").body(), JsonNode.class);
        assertThat(metrics.get("tasks_reissued").asLong()).isZero();
        assertThat(metrics.get("map_tasks_queued").asLong()).isZero();
        System.out.println("MapReduceProcessesIT: job " + jobId + " of " + view.get("map_tasks_total") + " map tasks;"
                + " mapper A (pid " + mapperA.pid() + ") was SIGKILLed holding task " + heldByA + "; mapper B took "
                + redelivered.size() + " redelivered task(s): "
                + redelivered.stream()
                        .map(m -> "task " + m.group(2) + " delivery " + m.group(5))
                        .toList());
        passed = true;
    }

    /** Starts {@code scalelab ARGS}, keeps its output (stdout and the logs), waits for a line with {@code ready}. */
    private Process start(String name, String ready, String... args) throws Exception {
        var pb = LauncherIT.launcher(args).redirectErrorStream(true);
        pb.environment().put("SCALELAB_JAVA_OPTS", JAVA_OPTS);
        Process p = pb.start();
        processes.put(name, p);
        var lines = new CopyOnWriteArrayList<String>();
        outputs.put(name, lines);
        LauncherIT.collectLines(p, lines);
        if (ready != null) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(name + " ended: " + lines, () -> !p.isAlive())
                    .until(() -> lines.stream().anyMatch(l -> l.contains(ready)));
        }
        return p;
    }

    /** The process's "took map task" lines for this job (INFO: tasks taken with a delay, or redelivered). */
    private static List<Matcher> took(List<String> lines, String jobId) {
        var found = new ArrayList<Matcher>();
        for (String line : lines) {
            Matcher m = TOOK.matcher(line);
            if (m.find() && m.group(3).equals(jobId)) found.add(m);
        }
        return found;
    }

    private static JsonNode job(TestHttp http, String jobId) {
        var response = http.get("/jobs/" + jobId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.read(response.body(), JsonNode.class);
    }

    private static String status(TestHttp http, String jobId) {
        return job(http, jobId).get("status").asText();
    }
}
