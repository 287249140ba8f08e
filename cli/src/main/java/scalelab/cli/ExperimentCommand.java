package scalelab.cli;

import picocli.CommandLine.Command;

@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "Run one classic experiment end to end; it prints its summary and writes a report.",
        subcommands = {
            ResponseTimesCommand.class,
            SharedStateCommand.class,
            KvLoadCommand.class,
            CatalogLoadCommand.class,
            CircuitBreakerCommand.class,
            FlashSaleExperimentCommand.class,
            MapReduceExperimentCommand.class,
            ConcurrencyExperimentCommand.class,
            AutoscalingCommand.class
        })
final class ExperimentCommand {}
