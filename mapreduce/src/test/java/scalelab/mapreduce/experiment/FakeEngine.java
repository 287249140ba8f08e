package scalelab.mapreduce.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.JobFailedException;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.engine.RunOptions;
import scalelab.mapreduce.engine.RunReport;
import scalelab.mapreduce.single.SingleMachineCount;
import scalelab.mapreduce.text.WordCounts;

/**
 * An engine with made-up, fixed timings and exact counts (the reference tokenizer), so the experiment's
 * orchestration, checks, findings and report are tested without the real engine. The single-machine count takes
 * {@link #SINGLE}; a run takes {@code 240 ms / mappers} in process and {@code 600 ms / mappers} on "RabbitMQ" (any
 * {@code amqp} URL), split into its phases as 10/60/10/20 %.
 */
final class FakeEngine implements Engine {
    static final Duration SINGLE = Duration.ofMillis(100);
    static final String RABBIT_URL = "amqp://guest:guest@rabbit.invalid:5672/%2F";

    private final boolean rabbitReachable;
    private final Set<String> wrong; // "broker-mappers" ids whose runs get a wrong count
    private final Set<String> failing; // ids whose runs throw JobFailedException
    private final Set<String> wrongFirst; // ids whose first run only (the warm-up) gets a wrong count
    private String openUrl = ""; // the URL of the last broker opened; runs are sequential
    final Map<String, Integer> runsById = new HashMap<>();

    FakeEngine(boolean rabbitReachable, Set<String> wrong, Set<String> failing) {
        this(rabbitReachable, wrong, failing, Set.of());
    }

    private FakeEngine(boolean rabbitReachable, Set<String> wrong, Set<String> failing, Set<String> wrongFirst) {
        this.rabbitReachable = rabbitReachable;
        this.wrong = wrong;
        this.failing = failing;
        this.wrongFirst = wrongFirst;
    }

    /** Exact, except the first run of {@code id} (the warm-up, for the warm-up's mapper count). */
    static FakeEngine wrongInTheFirstRunOf(String id) {
        return new FakeEngine(true, Set.of(), Set.of(), Set.of(id));
    }

    static FakeEngine exact() {
        return new FakeEngine(true, Set.of(), Set.of());
    }

    @Override
    public void generate(long bytes, long seed, Path output) throws IOException {
        String line = "The cat -- and the dog's bone. Well-known \"words\", the end!\n";
        var text = new StringBuilder();
        while (text.length() + line.length() <= bytes) text.append(line);
        Files.writeString(output, text, StandardCharsets.UTF_8);
    }

    @Override
    public SingleMachineCount.Result single(Path input) throws IOException {
        String text = Files.readString(input, StandardCharsets.UTF_8);
        return new SingleMachineCount.Result(WordCounts.ofText(text), Files.size(input), SINGLE);
    }

    @Override
    public Broker open(String brokerUrl) {
        openUrl = brokerUrl;
        return Brokers.open(Brokers.IN_PROCESS);
    }

    @Override
    public RunReport run(Broker broker, Path input, RunOptions options) {
        boolean rabbit = openUrl.startsWith("amqp");
        String id = (rabbit ? "rabbitmq-" : "in-process-") + options.mappers();
        int nth = runsById.merge(id, 1, Integer::sum);
        if (failing.contains(id)) throw new JobFailedException("map task 3 failed on every attempt");
        WordCounts counts;
        try {
            counts = WordCounts.ofText(Files.readString(input, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JobFailedException("cannot read " + input, e);
        }
        if (wrong.contains(id) || (nth == 1 && wrongFirst.contains(id))) {
            var more = new HashMap<>(counts.counts());
            more.merge("the", 1L, Long::sum);
            counts = WordCounts.of(more);
        }
        long totalMs = (rabbit ? 600 : 240) / options.mappers();
        var phases = new PhaseTimes(
                Duration.ofMillis(totalMs / 10),
                Duration.ofMillis(totalMs * 6 / 10),
                Duration.ofMillis(totalMs / 10),
                Duration.ofMillis(totalMs * 2 / 10),
                Duration.ofMillis(totalMs));
        long bytes;
        try {
            bytes = Files.size(input);
        } catch (IOException e) {
            throw new JobFailedException("cannot read " + input, e);
        }
        return new RunReport(counts, bytes, options.chunks(), options.reducers(), phases, 0, 0);
    }

    @Override
    public Optional<String> unreachable(String brokerUrl) {
        return rabbitReachable ? Optional.empty() : Optional.of("no connection to rabbit.invalid:5672 (refused)");
    }
}
