package scalelab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.config.Redact;
import scalelab.mapreduce.experiment.Engine;
import scalelab.mapreduce.experiment.MapReduceExperiment;
import scalelab.mapreduce.generate.CorpusGenerator;

@Command(
        name = "mapreduce",
        mixinStandardHelpOptions = true,
        description = {
            "Compare MapReduce word count with the single-machine count on one corpus.",
            "Counts a generated corpus (default 100 MB, seed 42) on one thread, then with MapReduce in this",
            "process: 1, 2 and 4 mappers, 2 reducers, on the in-process broker and on RabbitMQ when it is",
            "reachable. A warm-up run of each first, then the median of --repeats runs: time per phase (split, map,",
            "shuffle, reduce), total, MB/s, ratio to the single-machine time; every result is checked equal to the",
            "single-machine count. Progress on stderr, the summary on stdout; writes index.html, summary.csv,",
            "runs.csv and summary.json. The corpus goes to a temporary folder, deleted at the end.",
            "--quick: 10 MB, one run each (well under a minute). Exit 1 when a result differs or a job fails,",
            "warm-up runs included; a missed performance goal is reported, not an error."
        })
final class MapReduceExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/mapreduce-<time>).")
    Path out;

    @Option(names = "--quick", description = "A 10 MB corpus and one run per configuration.")
    boolean quick;

    @Option(
            names = "--size",
            paramLabel = "SIZE",
            description = "Corpus size: 100MB, 1GB, 512KB or bytes; MB = 10^6 bytes (default: 100MB, --quick 10MB).")
    String size;

    @Option(names = "--seed", defaultValue = "42", description = "The corpus generator's seed (default: 42).")
    long seed;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Count this UTF-8 file instead of generating a corpus (it is kept).")
    Path corpus;

    @Option(
            names = "--broker",
            paramLabel = "URL",
            defaultValue = "${env:SCALELAB_AMQP_URL:-" + MapReduceExperiment.DEFAULT_AMQP_URL + "}",
            description = "The RabbitMQ to measure besides the in-process broker (default: SCALELAB_AMQP_URL or"
                    + " amqp://guest:guest@127.0.0.1:5672/%%2F); skipped with a note when it is not reachable;"
                    + " 'none' measures the in-process broker only.")
    String broker;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            description = "Measured runs per configuration after the warm-up; the median is shown (default: 3,"
                    + " --quick 1).")
    Integer repeats;

    @Override
    public Integer call() throws Exception {
        String url = broker == null ? "" : broker.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (url.isEmpty() || lower.equals("none") || lower.equals("in-process")) {
            url = null;
        } else if (!lower.startsWith("amqp://") && !lower.startsWith("amqps://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--broker': '" + Redact.credentials(url)
                            + "' is not none or an amqp://host:port URL");
        }
        if (repeats != null && repeats < 1) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--repeats': must be at least 1 but was " + repeats);
        }
        if (corpus != null && !Files.isReadable(corpus)) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--corpus': cannot read " + corpus);
        }
        var config = MapReduceExperiment.Config.defaults(
                        out != null ? out : SharedStateCommand.defaultOut("mapreduce"), quick)
                .withRabbitUrl(url);
        if (size != null) {
            long bytes;
            try {
                bytes = CorpusGenerator.parseSize(size);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--size': " + e.getMessage());
            }
            config = config.withSize(bytes, seed);
        } else {
            config = config.withSize(config.sizeBytes(), seed);
        }
        if (repeats != null) config = config.withRepeats(repeats);
        if (corpus != null) config = config.withCorpus(corpus);
        var console = LoadCommand.stream(spec);
        var progress = new PrintStream(new WriterStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
        var result = new MapReduceExperiment(Engine.real(), console, progress).run(config);
        return result.ok() ? 0 : 1;
    }
}
