package scalelab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.scaling.experiment.AutoscalingExperiment;

@Command(
        name = "autoscaling",
        mixinStandardHelpOptions = true,
        description = {
            "Horizontal scaling on 0.25-vCPU search instances (child processes, simulated CPU budget):",
            "part 1: one instance under 5, 20, 50, 200 and 300 users (think time between(0.1, 0.5) s): CPU,",
            "p50/p95/p99 and req/s per step, the breaking point; part 2: the same steps through the load balancer",
            "with the autoscaler (min 2, max 4, 70%% CPU): scaling activities on a timeline, latencies beside part 1;",
            "part 3: kill one instance under load (failure rate, time until the balancer stops routing to it,",
            "until it is replaced), then all (time to full recovery). Progress on stderr, the summary on stdout;",
            "writes index.html, summary.csv, summary.json and timeline.csv.",
            "Time: --quick under a minute (3 s steps, 3 s / 30 s cooldowns); the full run about 15 min (60 s steps,",
            "60 s / 120 s cooldowns). Exit 1 only on an experiment error."
        })
final class AutoscalingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/autoscaling-<time>).")
    Path out;

    @Option(names = "--quick", description = "Short steps and cooldowns (under a minute).")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("autoscaling");
        var progress = new PrintStream(new WriterStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
        new AutoscalingExperiment(
                        SearchInstances.launcher(0.25, dir.resolve("instances")), LoadCommand.stream(spec), progress)
                .run(new AutoscalingExperiment.Config(dir, quick));
        return 0;
    }
}
