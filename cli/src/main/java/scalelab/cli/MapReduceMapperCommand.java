package scalelab.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.loadgen.Durations;

@Command(
        name = "mapper",
        mixinStandardHelpOptions = true,
        description = {
            "Run MapReduce mappers alone, beside a coordinator on the same RabbitMQ.",
            "They consume map tasks: count a chunk, publish one partial per partition.",
            "Queue 'mapreduce.map-tasks'; Ctrl-C or SIGTERM stops them, and a task",
            "in progress goes back to the queue for another mapper."
        },
        footer = {
            "",
            "Example:",
            "  scalelab mapreduce mapper --broker amqp://guest:guest@127.0.0.1:5672/ --concurrency 2"
        })
final class MapReduceMapperCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--concurrency",
            defaultValue = "1",
            paramLabel = "N",
            description = "Mappers in this process, each one task at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    MapReduceWorkerOptions worker;

    @Option(
            names = "--task-delay",
            defaultValue = "0",
            paramLabel = "DURATION",
            description = {
                "Wait this long after taking each task, before counting it (e.g. 2s; default:",
                "${DEFAULT-VALUE}): to watch tasks queue up and move between mappers, or to kill a",
                "mapper mid-task in a demo or test."
            })
    String taskDelay;

    @Override
    public Integer call() throws InterruptedException {
        String url = worker.brokerUrl();
        MapReduceOptions.atLeast(spec, "--concurrency", concurrency, 1);
        Duration delay = delay();
        return worker.run("mapper", url, concurrency, 0, delay);
    }

    /** The task delay: 0 (none) or a positive duration. */
    private Duration delay() {
        try {
            return Durations.parse(taskDelay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--task-delay: " + e.getMessage());
        }
    }
}
