package scalelab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.resilience.CircuitBreakerExperiment;

@Command(
        name = "circuit-breaker",
        mixinStandardHelpOptions = true,
        description = {
            "Run the vulnerable and the fixed cart side by side under the same load (20 users each) while the",
            "product service fails: 30 s normal, 60 s outage (failure mode, then 5 s latency), 30 s recovered.",
            "Reports error rate, p50/p99 and requests in flight per second, the breaker's state, and the goals.",
            "--quick: 8 s / 16 s / 8 s with a 2 s open-state wait, under a minute. Exit 1 only on an experiment",
            "error: a missed goal is reported, not an error."
        })
final class CircuitBreakerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report folder (default: reports/circuit-breaker-<time>).")
    Path out;

    @Option(names = "--quick", description = "Short phases and a short open-state wait (under a minute).")
    boolean quick;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("circuit-breaker");
        new CircuitBreakerExperiment(LoadCommand.stream(spec)).run(new CircuitBreakerExperiment.Config(dir, quick));
        return 0;
    }
}
