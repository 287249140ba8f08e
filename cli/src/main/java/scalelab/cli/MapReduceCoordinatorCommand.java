package scalelab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.mapreduce.engine.CoordinatorConfig;
import scalelab.mapreduce.http.MapReduceService;

@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        description = {
            "Run the MapReduce job coordinator as an HTTP service.",
            "POST /jobs with an input_path or text (and chunks, reducers) starts a job;",
            "GET /jobs/{id} shows its status and every task; GET /jobs/{id}/result gives",
            "the counts. Mappers and reducers run in this JVM (--mappers, --reducers; 2",
            "each on the in-process broker) or as separate processes over RabbitMQ",
            "(0 each by default with --broker amqp://...).",
            "An input_path must name a file inside --data-dir (by default the working",
            "directory); a path that leads out of it (.., a symlink) is refused with 400."
        },
        footer = {
            "",
            "Example:",
            "  scalelab mapreduce coordinator --broker amqp://guest:guest@127.0.0.1:5672/ --port 8087 \\",
            "    --data-dir /data",
            "  curl -s -X POST localhost:8087/jobs -H 'Content-Type: application/json' \\",
            "    -d '{\"input_path\": \"corpus.txt\", \"chunks\": 8, \"reducers\": 2}'   # /data/corpus.txt",
            "  curl -s localhost:8087/jobs/<job_id>/result"
        })
final class MapReduceCoordinatorCommand implements Callable<Integer> {
    /** The largest request body by default: 64 MiB (text posted to /jobs). */
    static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "${env:SCALELAB_PORT:-8080}",
            description = "HTTP port (default: ${DEFAULT-VALUE}, env SCALELAB_PORT).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "${env:SCALELAB_HOST:-0.0.0.0}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, env SCALELAB_HOST).")
    String host;

    @Option(
            names = "--max-body",
            defaultValue = "" + DEFAULT_MAX_BODY_BYTES,
            paramLabel = "BYTES",
            description =
                    "Largest request body (text posted to /jobs); larger answers 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--broker",
            defaultValue = "${env:SCALELAB_BROKER_URL:-in-process}",
            paramLabel = "URL",
            description = "in-process or amqp://user:pass@host:5672/vhost (default: ${DEFAULT-VALUE},"
                    + " env SCALELAB_BROKER_URL).")
    String broker;

    @Option(
            names = "--mappers",
            paramLabel = "N",
            description = "Mappers in this JVM (default: 2 in-process, 0 with an amqp broker).")
    Integer mappers;

    @Option(
            names = "--reducers",
            paramLabel = "N",
            description = "Reducers in this JVM (default: 2 in-process, 0 with an amqp broker).")
    Integer reducers;

    @Option(
            names = "--task-timeout",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "A task not done this long after it was issued is issued again (default: ${DEFAULT-VALUE}).")
    String taskTimeout;

    @Option(
            names = "--max-attempts",
            defaultValue = "" + CoordinatorConfig.DEFAULT_MAX_ATTEMPTS,
            paramLabel = "N",
            description = "Issues of one task before its job fails (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:SCALELAB_MAPREDUCE_DATA_DIR:-.}",
            paramLabel = "DIR",
            description = "Directory an input_path must be inside (relative paths are resolved against it); other"
                    + " files are refused, so that no file the process can read is revealed (default: the working"
                    + " directory, env SCALELAB_MAPREDUCE_DATA_DIR). Posted text is not affected.")
    Path dataDir;

    @Option(
            names = "--compress",
            description = "Deflate the chunks and partials (helps over a slow network; costs CPU).")
    boolean compress;

    @Override
    public Integer call() throws InterruptedException {
        String url = MapReduceOptions.brokerUrl(spec, broker);
        int helpers = url.equals("in-process") ? 2 : 0;
        int inJvmMappers = MapReduceOptions.atLeast(spec, "--mappers", mappers == null ? helpers : mappers, 0);
        int inJvmReducers = MapReduceOptions.atLeast(spec, "--reducers", reducers == null ? helpers : reducers, 0);
        CoordinatorConfig config = CoordinatorConfig.defaults()
                .withTaskTimeout(MapReduceOptions.duration(spec, "--task-timeout", taskTimeout))
                .withMaxAttempts(MapReduceOptions.atLeast(spec, "--max-attempts", maxAttempts, 1))
                .withCompress(compress);
        if (!Files.isDirectory(dataDir)) {
            throw new ParameterException(spec.commandLine(), "--data-dir: no directory " + dataDir);
        }
        MapReduceService service = MapReduceService.open(url, config, inJvmMappers, inJvmReducers, dataDir);
        HttpServer http;
        try {
            http = HttpServer.start(
                    ServerConfig.of("mapreduce", port).withHost(host).withMaxBodyBytes(maxBodyBytes),
                    service.routes().toArray(Routes[]::new));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        Lifecycle.serve(List.of(http), service);
        return 0;
    }
}
