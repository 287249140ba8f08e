package scalelab.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a mapper and a reducer process share: the coordinator's broker, compression, the health port. */
final class MapReduceWorkerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--broker",
            defaultValue = "${env:SCALELAB_BROKER_URL:-}",
            paramLabel = "URL",
            description = "amqp://user:pass@host:5672/vhost, the coordinator's broker (env SCALELAB_BROKER_URL).")
    String broker;

    @Option(names = "--compress", description = "Deflate the answers (helps over a slow network; costs CPU).")
    boolean compress;

    @Mixin
    WorkerHealthOption health;

    /** The broker URL, checked: a shared (amqp) broker is required. */
    String brokerUrl() {
        return MapReduceOptions.sharedBrokerUrl(command, broker);
    }

    /** Runs {@code mappers} mappers and {@code reducers} reducers on {@code url} until the process is stopped. */
    int run(String role, String url, int mappers, int reducers, Duration taskDelay) throws InterruptedException {
        return MapReduceWorkers.run(role, url, mappers, reducers, compress, taskDelay, health);
    }
}
