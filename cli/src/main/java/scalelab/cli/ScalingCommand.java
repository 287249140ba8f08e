package scalelab.cli;

import picocli.CommandLine.Command;

@Command(
        name = "scaling",
        mixinStandardHelpOptions = true,
        description = "Horizontal scaling: the load balancer, and the supervisor with its autoscaler.",
        subcommands = {ScalingLbCommand.class, ScalingUpCommand.class})
final class ScalingCommand {}
