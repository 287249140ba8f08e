package scalelab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.config.Redact;
import scalelab.flashsale.experiment.FlashSaleExperiment;

@Command(
        name = "flash-sale",
        mixinStandardHelpOptions = true,
        description = {
            "Run the flash sale's four phases on fresh services in this process, think time between(0.1, 0.5) s:",
            "1. sync, 5 users, 30 s; 2. sync, 20 users, 60 s (one 3 s payment at a time: long waits, 503 after 30 s);",
            "3. async, 20 users, 60 s with 1, 5, 20 and 100 workers (acceptance, accept latency, queue depth over",
            "time, completions/s, time to drain: waited up to 60 s, projected beyond); 4. the function variant",
            "(cold starts, concurrent executions, billed duration) and the monthly cost of containers vs functions.",
            "About 12 minutes. --quick: 6-8 s phases, 500 ms payments, a 3 s sync timeout, a 5 s drain cap: about",
            "a minute and a half. Exit 1 only on an experiment error: a missed goal is reported, not an error."
        })
final class FlashSaleExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/flash-sale-<time>).")
    Path out;

    @Option(names = "--quick", description = "Short phases, payment time and sync timeout (about 1.5 minutes).")
    boolean quick;

    @Option(
            names = "--broker",
            paramLabel = "URL",
            defaultValue = "in-process",
            description = "Broker of phases 3 and 4: in-process (default) or amqp://user:pass@host:5672/vhost;"
                    + " its order-processing queue is emptied before and after each run.")
    String broker;

    @Override
    public Integer call() throws InterruptedException {
        String url = broker == null || broker.isBlank() ? "in-process" : broker.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!url.equals("in-process") && !lower.startsWith("amqp://") && !lower.startsWith("amqps://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--broker': '" + Redact.credentials(url)
                            + "' is not in-process or an amqp://host:port URL");
        }
        Path dir = out != null ? out : SharedStateCommand.defaultOut("flash-sale");
        new FlashSaleExperiment(LoadCommand.stream(spec)).run(new FlashSaleExperiment.Config(dir, quick, url));
        return 0;
    }
}
