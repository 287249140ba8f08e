package scalelab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.core.json.Json;
import scalelab.mapreduce.single.SingleMachineCount;

@Command(
        name = "single",
        mixinStandardHelpOptions = true,
        description = {
            "Count the words of a file on one thread: the single-machine baseline.",
            "Same tokenising as the MapReduce job; prints bytes, time and MB/s, and",
            "writes the result JSON of API.md to --output."
        },
        footer = {"", "Example:", "  scalelab mapreduce single --input corpus.txt --output single.json"})
final class MapReduceSingleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text to count.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where the result JSON goes.")
    Path output;

    @Override
    public Integer call() throws IOException {
        MapReduceOptions.readableFile(spec, "--input", input);
        MapReduceOptions.output(spec, output);
        SingleMachineCount.Result result = SingleMachineCount.count(input);
        Json.mapper().writeValue(output.toFile(), result.counts().toResult());
        var out = spec.commandLine().getOut();
        out.printf(
                "single machine: %s, %,d bytes, %,d words (%,d distinct) in %.1f ms: %.1f MB/s (MB = 10^6 bytes)%n",
                input,
                result.bytes(),
                result.counts().totalWords(),
                result.counts().uniqueWords(),
                result.elapsed().toNanos() / 1e6,
                result.megabytesPerSecond());
        out.printf("result written to %s%n", output);
        out.flush();
        return 0;
    }
}
