package scalelab.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.albums.SharedStateExperiment;

@Command(
        name = "shared-state",
        mixinStandardHelpOptions = true,
        description = {
            "Two album instances on their own in-memory stores disagree after a POST to one;",
            "on one shared PostgreSQL they agree. Uses --db, else $SCALELAB_DB_URL or 127.0.0.1:5432,",
            "else starts an embedded PostgreSQL."
        })
final class SharedStateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/shared-state-<time>).")
    Path out;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "PostgreSQL JDBC URL for the shared set-up; it must be reachable."
                    + " Without it: $SCALELAB_DB_URL or " + LOCAL_DB + ", else an embedded PostgreSQL.")
    String dbUrl;

    static final String LOCAL_DB = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Option(names = "--quick", description = "Accepted for symmetry with other experiments: this one is always quick.")
    boolean quick;

    @Override
    public Integer call() {
        Path dir = out != null ? out : defaultOut("shared-state");
        var result = new SharedStateExperiment(spec.commandLine().getOut())
                .run(
                        dbUrl != null
                                ? new SharedStateExperiment.Config(dir, dbUrl, false)
                                : new SharedStateExperiment.Config(
                                        dir, System.getenv().getOrDefault("SCALELAB_DB_URL", LOCAL_DB), true));
        // the experiment reproduced its finding only if memory disagrees and PostgreSQL agrees
        return !result.memory().agree() && result.postgres().agree() ? 0 : 1;
    }

    static Path defaultOut(String name) {
        return Path.of(
                "reports", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
