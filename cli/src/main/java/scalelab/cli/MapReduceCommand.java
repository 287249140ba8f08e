package scalelab.cli;

import picocli.CommandLine.Command;

@Command(
        name = "mapreduce",
        mixinStandardHelpOptions = true,
        description = {
            "MapReduce word count over a message broker, and its single-machine baseline.",
            "A coordinator splits the input into chunks at white space and publishes map",
            "tasks; mappers count a chunk each and publish one partial per partition;",
            "reducers merge a partition each. In one JVM on the in-process broker (run),",
            "or as separate processes over RabbitMQ (coordinator, mapper, reducer)."
        },
        subcommands = {
            MapReduceRunCommand.class,
            MapReduceSingleCommand.class,
            MapReduceGenerateCommand.class,
            MapReduceCoordinatorCommand.class,
            MapReduceMapperCommand.class,
            MapReduceReducerCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  scalelab mapreduce generate --size 100MB --seed 42 --output corpus.txt",
            "  scalelab mapreduce single --input corpus.txt --output single.json",
            "  scalelab mapreduce run --input corpus.txt --mappers 2 --reducers 2 --output mr.json",
            "  scalelab mapreduce coordinator --broker amqp://guest:guest@127.0.0.1:5672/ --port 8087",
            "  scalelab mapreduce mapper --broker amqp://guest:guest@127.0.0.1:5672/ --concurrency 2"
        })
final class MapReduceCommand {}
