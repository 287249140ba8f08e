package scalelab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scalelab.core.http.ServerConfig;

/** The options every service command takes. Flag > SCALELAB_* environment variable > default. */
final class ServerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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
            defaultValue = "${env:SCALELAB_MAX_BODY_BYTES:-" + ServerConfig.DEFAULT_MAX_BODY_BYTES + "}",
            paramLabel = "BYTES",
            description =
                    "Largest request body; larger answers 413 (default: ${DEFAULT-VALUE}, env SCALELAB_MAX_BODY_BYTES).")
    long maxBodyBytes;

    /** The server's settings; a port outside 0..65535 is a usage error (exit 2). */
    ServerConfig config(String name) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(command.commandLine(), "--port must be 0..65535 but was " + port);
        }
        return ServerConfig.of(name, port).withHost(host).withMaxBodyBytes(maxBodyBytes);
    }
}
