package scalelab.cli;

import picocli.CommandLine.Command;

@Command(
        name = "resilience",
        mixinStandardHelpOptions = true,
        description = {
            "Cart resilience: a product service whose failures are injected on demand,",
            "and a cart service that depends on it, vulnerable vs fixed (timeout, circuit breaker, cache)."
        },
        subcommands = {ResilienceProductCommand.class})
final class ResilienceCommand {}
