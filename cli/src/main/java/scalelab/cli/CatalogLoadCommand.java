package scalelab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scalelab.catalog.CatalogLoadExperiment;

@Command(
        name = "catalog-load",
        mixinStandardHelpOptions = true,
        description = {
            "Load the product catalog (GET /products/{id}, POST /products/{id}/details) without think time",
            "in three GET:POST mixes, 3:1, 9:1 and 3:7, each with the standard and then the fast client.",
            "50 users, about 2.5 minutes; --quick: 20 users, about 40 s."
        })
final class CatalogLoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/catalog-load-<time>).")
    Path out;

    @Option(names = "--quick", description = "20 users and short phases (under a minute).")
    boolean quick;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = out != null ? out : SharedStateCommand.defaultOut("catalog-load");
        var result =
                new CatalogLoadExperiment(LoadCommand.stream(spec)).run(new CatalogLoadExperiment.Config(dir, quick));
        // every GET found its product and every POST was stored: a failure is a bug, not a figure
        return result.failures() == 0 ? 0 : 1;
    }
}
