package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.json.Json;

/**
 * {@code scalelab experiment autoscaling --quick}, end to end: real search instances as child processes on a
 * simulated 0.25 vCPU, the balancer and the autoscaler in this JVM, the load from loadgen.
 */
class AutoscalingExperimentIT {
    @TempDir
    Path dir;

    @Test
    void quickRunSaturatesOneInstanceScalesOutAndReplacesKilledInstances() throws Exception {
        var run = CliTest.run("experiment", "autoscaling", "--quick", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("machine: ", "part 1: one 0.25-vCPU instance", "breaking point: ", "part 2: ")
                .contains("scale-out 2 -> ", "part 3: kill one: ", "report: ");

        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(11); // header, 5 direct, 5 autoscaled
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("Part 1", "Part 2", "Part 3", "Autoscaling timeline", "<svg", "summary.json");
        JsonNode summary = Json.read(Files.readString(dir.resolve("summary.json")), JsonNode.class);
        // the simulated budget serves 250 requests/s at most: 200 users (about 600/s offered) saturate it
        assertThat(summary.get("breaking_point_users").asInt()).isBetween(50, 200);
        JsonNode direct300 = summary.get("steps").get(4);
        assertThat(direct300.get("rps").asDouble()).isBetween(200.0, 260.0);
        JsonNode failover = summary.get("failover");
        assertThat(failover.get("stop_routing_s").isNumber()).isTrue();
        assertThat(failover.get("replaced_s").isNumber()).isTrue();
        assertThat(failover.get("full_recovery_s").isNumber()).isTrue();
        // a killed instance's requests are retried on the other one: almost none fail
        assertThat(failover.get("failures_after_kill_one").asLong())
                .isLessThanOrEqualTo(failover.get("requests_after_kill_one").asLong() / 100);
        try (var logs = Files.list(dir.resolve("instances"))) {
            assertThat(logs.count()).isGreaterThanOrEqualTo(8);
        }
    }
}
