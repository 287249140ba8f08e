package scalelab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.kv.KvLoadExperiment;

@Command(
        name = "kv-load",
        mixinStandardHelpOptions = true,
        description = {
            "Load the key-value server in four phases: GET:POST 1:1 thinking between(1, 2) s, 3:1 thinking",
            "between(0.5, 1.5) s, then no think time with the standard and the fast client.",
            "50 users, about 2 minutes; --quick: 20 users, under 30 s."
        })
final class KvLoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/kv-load-<time>).")
    Path out;

    @Option(names = "--quick", description = "20 users and short phases (under 30 s).")
    boolean quick;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("kv-load");
        var result = new KvLoadExperiment(LoadCommand.stream(spec)).run(new KvLoadExperiment.Config(dir, quick));
        // the finding holds if the fast client out-drove the standard one
        return KvLoadExperiment.speedup(result) > 1 ? 0 : 1;
    }
}
