package scalelab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import scalelab.loadgen.Console;
import scalelab.loadgen.LoadReport;
import scalelab.loadgen.Merge;

@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Merge the reports of several load generators (processes or machines) into one, exactly:",
            "the HdrHistogram logs are added, so counts are sums and percentiles are true percentiles."
        })
final class LoadMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Report folders written by 'scalelab load'.")
    List<Path> dirs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Merged report folder (default: reports/load-merged-<time>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("load-merged");
        var data = Merge.merge(dirs, dir);
        Path index = LoadReport.write(data, dir, "load: merged from " + dirs.size() + " generators", List.of());
        var total = data.total();
        var console = spec.commandLine().getOut();
        console.printf(
                Locale.ROOT,
                "merged %d reports: %d requests, %.1f req/s, median %s, p99 %s, %d failed%n",
                dirs.size(),
                total.requests(),
                total.rps(),
                Console.ms(total.medianMs()),
                Console.ms(total.percentile(99)),
                total.failures());
        console.println("report: " + index);
        return 0;
    }
}
