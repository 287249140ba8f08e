package scalelab.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "reducer",
        mixinStandardHelpOptions = true,
        description = {
            "Run MapReduce reducers alone, beside a coordinator on the same RabbitMQ.",
            "They consume reduce tasks: merge a partition's partials, publish its counts.",
            "Queue 'mapreduce.reduce-tasks'; Ctrl-C or SIGTERM stops them, and a task",
            "in progress goes back to the queue for another reducer."
        },
        footer = {
            "",
            "Example:",
            "  scalelab mapreduce reducer --broker amqp://guest:guest@127.0.0.1:5672/ --concurrency 2"
        })
final class MapReduceReducerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--concurrency",
            defaultValue = "1",
            paramLabel = "N",
            description = "Reducers in this process, each one task at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    MapReduceWorkerOptions worker;

    @Override
    public Integer call() throws InterruptedException {
        String url = worker.brokerUrl();
        MapReduceOptions.atLeast(spec, "--concurrency", concurrency, 1);
        return worker.run("reducer", url, 0, concurrency, Duration.ZERO);
    }
}
