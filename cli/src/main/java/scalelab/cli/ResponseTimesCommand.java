package scalelab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.albums.ResponseTimesExperiment;

@Command(
        name = "response-times",
        mixinStandardHelpOptions = true,
        description = {
            "One user sends GET /albums/1 back to back to an album API for 30 s (5 s with --quick):",
            "histogram, scatter over time, mean/median/p95/p99/max."
        })
final class ResponseTimesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report folder (default: reports/response-times-<time>).")
    Path out;

    @Option(names = "--quick", description = "Run for 5 s instead of 30 s.")
    boolean quick;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("response-times");
        var result = new ResponseTimesExperiment(LoadCommand.stream(spec))
                .run(new ResponseTimesExperiment.Config(dir, quick));
        return result.data().total().requests() > 0 && result.data().total().failures() == 0 ? 0 : 1;
    }
}
