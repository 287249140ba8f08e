package scalelab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.concurrency.experiment.ConcurrencyExperiment;
import scalelab.concurrency.switches.ContextSwitches;

@Command(
        name = "concurrency",
        mixinStandardHelpOptions = true,
        description = {
            "Show what goes wrong when threads share state, and what the safe ways cost. Four parts:",
            "  counters: --threads x --increments on a plain long, a volatile long, synchronized, AtomicLong and",
            "    LongAdder (10 races each): updates lost, time;",
            "  maps: 50 writers x 1,000 keys into a HashMap (lost entries, exceptions, or a hang stopped after 10 s",
            "    on abandoned daemon threads), synchronizedMap, a ReentrantReadWriteLock and ConcurrentHashMap; then a",
            "    90%%-read mix on the three safe ones;",
            "  file writes: 100,000 lines with one write call per line vs a BufferedOutputStream, with and without a",
            "    final fsync (temporary files, deleted);",
            "  context switches: 1,000,000 ping-pong round trips between two platform and two virtual threads, on one",
            "    CPU (a child JVM under taskset -c 0; virtual threads also with one carrier,",
            "    -Djdk.virtualThreadScheduler.parallelism=1) and on all; and 100,000 tasks on a virtual thread each",
            "    vs a pool of 100 platform threads.",
            "Progress on stderr, the summary and one finding per part on stdout; writes index.html, summary.csv,",
            "runs.csv and summary.json. --quick: the same races, smaller timings (well under a minute). Exit 1",
            "when a thread-safe variant was not exact; an unsafe one that happened not to race is reported, not an",
            "error. The rigorous numbers come from the JMH benchmarks: bench/concurrency.sh."
        })
final class ConcurrencyExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/concurrency-<time>).")
    Path out;

    @Option(
            names = "--quick",
            description = "200,000 mixed map operations per thread, 3 files per mode, 20,000 round trips and"
                    + " 20,000 tasks (the races keep their size).")
    boolean quick;

    @Option(
            names = "--threads",
            paramLabel = "T",
            defaultValue = "50",
            description = "Threads that increment each counter (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--increments",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Increments per thread (default: ${DEFAULT-VALUE}).")
    int increments;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--threads': must be at least 1 but was " + threads);
        }
        if (increments < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--increments': must be at least 1 but was " + increments);
        }
        if ((long) threads * increments > Integer.MAX_VALUE) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for options '--threads' x '--increments': at most " + Integer.MAX_VALUE
                            + " increments in all but was " + (long) threads * increments);
        }
        var config = ConcurrencyExperiment.Config.defaults(
                        out != null ? out : SharedStateCommand.defaultOut("concurrency"), quick)
                .withCounters(threads, increments);
        var console = LoadCommand.stream(spec);
        var progress = new PrintStream(new WriterStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
        var result = new ConcurrencyExperiment(ContextSwitches.ofThisJvm(), console, progress).run(config);
        return result.ok() ? 0 : 1;
    }
}
