package scalelab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.mapreduce.generate.CorpusGenerator;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a deterministic synthetic corpus of Zipf-distributed words.",
            "Punctuation, dashes, apostrophes, some non-ASCII words and line breaks are",
            "mixed in; the same size and seed give the same bytes. Sizes: 4096 (bytes),",
            "512KB, 100MB, 1GB (MB = 10^6 bytes)."
        },
        footer = {"", "Example:", "  scalelab mapreduce generate --size 100MB --seed 42 --output corpus.txt"})
final class MapReduceGenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--size",
            defaultValue = "100MB",
            paramLabel = "SIZE",
            description = "Bytes to write (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        long bytes;
        try {
            bytes = CorpusGenerator.parseSize(size);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
        }
        MapReduceOptions.output(spec, output);
        long start = System.nanoTime();
        CorpusGenerator.generate(bytes, seed, output);
        double seconds = (System.nanoTime() - start) / 1e9;
        var out = spec.commandLine().getOut();
        out.printf(
                "wrote %,d bytes (seed %d) to %s in %.2f s: %.1f MB/s (MB = 10^6 bytes)%n",
                Files.size(output), seed, output, seconds, seconds == 0 ? 0 : Files.size(output) / 1e6 / seconds);
        out.flush();
        return 0;
    }
}
