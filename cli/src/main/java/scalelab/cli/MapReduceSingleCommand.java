package scalelab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.json.Json;
import scalelab.mapreduce.experiment.MapReduceExperiment;
import scalelab.mapreduce.single.SingleMachineCount;

@Command(
        name = "single",
        mixinStandardHelpOptions = true,
        description = {
            "Count the words of a file on one thread: the single-machine baseline.",
            "Same tokenising as the MapReduce job; prints bytes, time and MB/s, and",
            "writes the result JSON of API.md to --output. With --repeats N it counts",
            "N times in this JVM and also prints the median count by time (the faster",
            "middle one for an even N, as the experiment's medians). The first count",
            "includes the JIT's warm-up (compiling the counting loop); the later ones",
            "do not."
        },
        footer = {"", "Example:", "  scalelab mapreduce single --input corpus.txt --output single.json"})
final class MapReduceSingleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text to count.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where the result JSON goes.")
    Path output;

    @Option(
            names = "--repeats",
            defaultValue = "1",
            paramLabel = "N",
            description = "Count N times in this JVM and print the median too (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws IOException {
        MapReduceOptions.readableFile(spec, "--input", input);
        MapReduceOptions.output(spec, output);
        if (repeats < 1) throw new ParameterException(spec.commandLine(), "--repeats must be at least 1");
        var out = spec.commandLine().getOut();
        SingleMachineCount.Result result = null;
        double[] rates = new double[repeats];
        var times = new ArrayList<Duration>();
        for (int run = 0; run < repeats; run++) {
            result = SingleMachineCount.count(input);
            rates[run] = result.megabytesPerSecond();
            times.add(result.elapsed());
            out.printf(
                    "single machine%s: %s, %,d bytes, %,d words (%,d distinct) in %.1f ms: %.1f MB/s (MB = 10^6 bytes)%n",
                    repeats > 1 ? " (count " + (run + 1) + " of " + repeats + ")" : "",
                    input,
                    result.bytes(),
                    result.counts().totalWords(),
                    result.counts().uniqueWords(),
                    result.elapsed().toNanos() / 1e6,
                    result.megabytesPerSecond());
            out.flush();
        }
        if (repeats > 1) {
            int median = MapReduceExperiment.medianIndex(times);
            out.printf(
                    "median of %d counts: %.1f MB/s, count %d (the first, with the JIT's warm-up: %.1f MB/s)%n",
                    repeats, rates[median], median + 1, rates[0]);
        }
        Json.mapper().writeValue(output.toFile(), result.counts().toResult());
        out.printf("result written to %s%n", output);
        out.flush();
        return 0;
    }
}
