package scalelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.core.json.Json;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.JobSpec;
import scalelab.mapreduce.engine.JobView;
import scalelab.mapreduce.engine.LocalRun;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.engine.RunOptions;
import scalelab.mapreduce.engine.RunReport;
import scalelab.mapreduce.split.Splitter;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run one word-count job with the coordinator, mappers and reducers in this JVM.",
            "They talk through the broker (in-process unless --broker names RabbitMQ).",
            "Prints the time per phase (split, map, shuffle, reduce) and MB/s, and",
            "writes the result JSON of API.md to --output. Progress goes to stderr."
        },
        footer = {
            "",
            "Example:",
            "  scalelab mapreduce run --input corpus.txt --mappers 2 --reducers 2 --output mr.json"
        })
final class MapReduceRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text to count.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where the result JSON goes.")
    Path output;

    @Option(
            names = "--mappers",
            defaultValue = "2",
            paramLabel = "M",
            description = "Mappers, each one map task at a time (default: ${DEFAULT-VALUE}).")
    int mappers;

    @Option(
            names = "--reducers",
            defaultValue = "2",
            paramLabel = "R",
            description =
                    "Reduce partitions and reducers, at most " + JobSpec.MAX_REDUCERS + " (default: ${DEFAULT-VALUE}).")
    int reducers;

    @Option(
            names = "--chunks",
            paramLabel = "N",
            description = "Map tasks asked for, at most " + JobSpec.MAX_CHUNKS
                    + " (default: 2 per mapper); more when a chunk would exceed 8 MiB.")
    Integer chunks;

    @Option(
            names = "--broker",
            defaultValue = "${env:SCALELAB_BROKER_URL:-in-process}",
            paramLabel = "URL",
            description = "in-process or amqp://user:pass@host:5672/vhost (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(
            names = "--task-timeout",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "A task not done this long after it was issued is issued again (default: ${DEFAULT-VALUE}).")
    String taskTimeout;

    @Override
    public Integer call() throws InterruptedException, IOException {
        MapReduceOptions.readableFile(spec, "--input", input);
        MapReduceOptions.output(spec, output);
        var options = new RunOptions(
                MapReduceOptions.atLeast(spec, "--mappers", mappers, 1),
                MapReduceOptions.between(spec, "--reducers", reducers, JobSpec.MAX_REDUCERS),
                MapReduceOptions.between(
                        spec,
                        "--chunks",
                        chunks == null ? Math.min(2 * mappers, JobSpec.MAX_CHUNKS) : chunks,
                        JobSpec.MAX_CHUNKS),
                Splitter.DEFAULT_MAX_CHUNK_BYTES,
                MapReduceOptions.duration(spec, "--task-timeout", taskTimeout));
        String url = MapReduceOptions.brokerUrl(spec, broker);
        PrintWriter err = spec.commandLine().getErr();
        RunReport report;
        try (Broker opened = Brokers.open(url)) {
            report = LocalRun.run(opened, input, options, view -> progress(err, view));
        }
        Json.mapper().writeValue(output.toFile(), report.counts().toResult());
        print(spec.commandLine().getOut(), report, options, opened(url));
        return 0;
    }

    private static String opened(String url) {
        return url.equals("in-process") ? "in-process" : scalelab.core.config.Redact.credentials(url);
    }

    private static void progress(PrintWriter err, JobView view) {
        err.printf(
                "mapreduce: %s, map tasks %d/%d done, reduce tasks %d/%d done, %.1f s%n",
                view.status(),
                view.mapTasksDone(),
                view.mapTasksTotal(),
                view.reduceTasksDone(),
                view.reducers(),
                view.phases().totalMillis() / 1000.0);
        err.flush();
    }

    private void print(PrintWriter out, RunReport report, RunOptions options, String broker) throws IOException {
        PhaseTimes phases = report.phases();
        out.printf(
                "mapreduce run: %s, %d mapper(s), %d reducer(s), broker %s%n",
                input, options.mappers(), options.reducers(), broker);
        out.printf(
                "input %,d bytes, %d map tasks, %d reduce tasks; %,d words, %,d distinct%n",
                report.inputBytes(),
                report.mapTasks(),
                report.reduceTasks(),
                report.counts().totalWords(),
                report.counts().uniqueWords());
        out.printf("%-8s %10s%n", "PHASE", "MS");
        out.printf("%-8s %10.1f%n", "split", phases.split().toNanos() / 1e6);
        out.printf("%-8s %10.1f%n", "map", phases.map().toNanos() / 1e6);
        out.printf("%-8s %10.1f%n", "shuffle", phases.shuffle().toNanos() / 1e6);
        out.printf("%-8s %10.1f%n", "reduce", phases.reduce().toNanos() / 1e6);
        out.printf("%-8s %10.1f%n", "total", phases.total().toNanos() / 1e6);
        out.printf("%.1f MB/s (MB = 10^6 bytes)%n", report.megabytesPerSecond());
        if (report.reissued() > 0 || report.duplicatesIgnored() > 0) {
            out.printf(
                    "re-issued %d task(s), ignored %d duplicate(s)%n", report.reissued(), report.duplicatesIgnored());
        }
        out.printf("result written to %s (%,d bytes)%n", output, Files.size(output));
        out.flush();
    }
}
