package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.testkit.RealServices;

class SharedStateExperimentIT {
    @Test
    void instancesDisagreeOnMemoryAndAgreeOnOnePostgres(@TempDir Path out) throws Exception {
        String db = RealServices.postgresUrl();
        var console = new StringWriter();

        var result = new SharedStateExperiment(new PrintWriter(console, true))
                .run(new SharedStateExperiment.Config(out, db, false));

        assertThat(result.memory().agree()).isFalse();
        assertThat(result.memory().instances())
                .extracting(SharedStateExperiment.Observation::seesNewAlbum)
                .containsExactly(true, false);
        assertThat(result.memory().roundRobinCounts()).containsExactly(4, 3, 4, 3, 4, 3);
        assertThat(result.postgres().agree()).isTrue();
        assertThat(result.postgres().roundRobinCounts()).containsOnly(4);

        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("Store: memory", "Store: postgresql", "disagree", "data.json", "cores");
        assertThat(Files.readString(out.resolve("data.json"))).contains("\"roundRobinCounts\"");
        assertThat(console.toString()).contains("they DISAGREE", "they agree", "Finding:");
    }

    @Test
    void fallsBackToAnEmbeddedPostgresWhenNoneIsReachable(@TempDir Path out) {
        var console = new StringWriter();
        var result = new SharedStateExperiment(new PrintWriter(console, true))
                .run(new SharedStateExperiment.Config(out, "jdbc:postgresql://127.0.0.1:1/test?user=postgres", true));

        assertThat(result.postgresSource()).isEqualTo("embedded PostgreSQL");
        assertThat(result.memory().agree()).isFalse();
        assertThat(result.postgres().agree()).isTrue();
        assertThat(console.toString()).contains("starting an embedded one");
    }
}
