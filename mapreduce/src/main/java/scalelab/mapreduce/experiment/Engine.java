package scalelab.mapreduce.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import scalelab.core.messaging.Broker;
import scalelab.core.messaging.Brokers;
import scalelab.mapreduce.engine.LocalRun;
import scalelab.mapreduce.engine.RunOptions;
import scalelab.mapreduce.engine.RunReport;
import scalelab.mapreduce.generate.CorpusGenerator;
import scalelab.mapreduce.single.SingleMachineCount;

/**
 * The pieces the experiment measures: the corpus generator, the single-machine count and the in-JVM MapReduce
 * run. {@link #real()} is the module's own; tests give fakes, so the orchestration and the report are tested apart
 * from the engine's speed.
 */
public interface Engine {
    /** How long the RabbitMQ reachability check may wait for the TCP connection. */
    Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** Writes the corpus: {@code bytes} bytes of text, the same for the same seed. */
    void generate(long bytes, long seed, Path output) throws IOException;

    /** Counts {@code input} on the calling thread. */
    SingleMachineCount.Result single(Path input) throws IOException;

    /** Opens the broker a URL names ({@code in-process} or {@code amqp://...}). */
    Broker open(String brokerUrl);

    /** Runs one job (coordinator, mappers and reducers in this JVM) through {@code broker}. */
    RunReport run(Broker broker, Path input, RunOptions options) throws InterruptedException;

    /** Why the broker at {@code brokerUrl} cannot be reached (empty when it can: a TCP connection was made). */
    Optional<String> unreachable(String brokerUrl);

    /** The real pieces: {@link CorpusGenerator}, {@link SingleMachineCount}, {@link Brokers} and {@link LocalRun}. */
    static Engine real() {
        return new Engine() {
            @Override
            public void generate(long bytes, long seed, Path output) throws IOException {
                CorpusGenerator.generate(bytes, seed, output);
            }

            @Override
            public SingleMachineCount.Result single(Path input) throws IOException {
                return SingleMachineCount.count(input);
            }

            @Override
            public Broker open(String brokerUrl) {
                return Brokers.open(brokerUrl);
            }

            @Override
            public RunReport run(Broker broker, Path input, RunOptions options) throws InterruptedException {
                return LocalRun.run(broker, input, options);
            }

            @Override
            public Optional<String> unreachable(String brokerUrl) {
                return tcpUnreachable(brokerUrl, DEFAULT_PROBE_TIMEOUT);
            }
        };
    }

    /** Tries a TCP connection to an {@code amqp://} or {@code amqps://} URL's host and port. */
    static Optional<String> tcpUnreachable(String brokerUrl, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(brokerUrl.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        if (uri.getHost() == null) {
            return Optional.of("the URL names no host");
        }
        int port = uri.getPort() >= 0
                ? uri.getPort()
                : "amqps".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) ? 5671 : 5672;
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no connection to " + uri.getHost() + ":" + port + " within " + timeout.toMillis()
                    + " ms (" + e.getMessage() + ")");
        }
    }
}
