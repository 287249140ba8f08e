package scalelab.cli;

import picocli.CommandLine.Command;

@Command(
        name = "scalelab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Implements, runs and measures the classic systems of scalable distributed systems.",
            "Each system is a service you can start and call; each experiment reproduces a finding and writes a report."
        },
        subcommands = {
            UpCommand.class,
            AlbumsCommand.class,
            KvCommand.class,
            CatalogCommand.class,
            ResilienceCommand.class,
            FlashSaleCommand.class,
            MapReduceCommand.class,
            SearchCommand.class,
            ScalingCommand.class,
            LoadCommand.class,
            ExperimentCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  scalelab up                                start every service in one JVM",
            "  scalelab albums --port 8080                the album API on memory",
            "  scalelab albums --db jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "  scalelab kv --port 8080                    the key-value load-test target",
            "  scalelab catalog --port 8080               the e-commerce API (products, carts, warehouse, payments)",
            "  scalelab resilience product --port 8080    the product service with failure injection",
            "  scalelab flashsale --workers 20            the flash-sale order API (sync vs queue + workers)",
            "  scalelab mapreduce run --input F --output F.json   word count: coordinator, mappers, reducers",
            "  scalelab search --cpu-budget 0.25           product search on a simulated quarter vCPU",
            "  scalelab scaling up --min 2 --max 4 --target-cpu 70   search instances behind a balancer, autoscaled",
            "  scalelab experiment shared-state           two instances, memory vs PostgreSQL"
        })
final class ScalelabCommand {}
