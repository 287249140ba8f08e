package scalelab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import scalelab.core.config.Redact;
import scalelab.loadgen.Durations;

/** Checks the MapReduce commands share: a bad value is a usage error (exit 2) that names it, on one line. */
final class MapReduceOptions {
    private MapReduceOptions() {}

    /** The broker URL: in-process or amqp(s)://. */
    static String brokerUrl(CommandSpec spec, String broker) {
        String url = broker == null || broker.isBlank() ? "in-process" : broker.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!url.equals("in-process") && !lower.startsWith("amqp://") && !lower.startsWith("amqps://")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--broker': '" + Redact.credentials(url)
                            + "' is not in-process or an amqp://host:port URL");
        }
        return url;
    }

    /** A worker process alone needs a broker it shares with the coordinator. */
    static String sharedBrokerUrl(CommandSpec spec, String broker) {
        String url = brokerUrl(spec, broker);
        if (url.equals("in-process")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "a " + spec.name() + " process needs --broker amqp://host:5672/ (an in-process broker is not"
                            + " shared with the coordinator)");
        }
        return url;
    }

    /**
     * A readable regular file whose size is known: one that reports size 0 yet has content (/proc, /sys) cannot be
     * split by offset and length, nor measured in MB/s.
     */
    static Path readableFile(CommandSpec spec, String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is a directory, not a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is not a regular file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), option + ": no readable file at " + file);
        }
        try {
            if (Files.size(file) == 0) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (in.read() >= 0) {
                        throw new ParameterException(
                                spec.commandLine(),
                                option + ": " + file + " reports size 0 but has content (not a regular file with a"
                                        + " known size, as in /proc)");
                    }
                }
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** An int option in 1..max: a usage error naming the option and the bounds otherwise. */
    static int between(CommandSpec spec, String option, int value, int max) {
        if (value < 1 || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be 1.." + max + " but was " + value);
        }
        return value;
    }

    static Duration duration(CommandSpec spec, String option, String text) {
        try {
            Duration duration = Durations.parse(text);
            if (duration.isZero() || duration.isNegative()) throw new IllegalArgumentException("must be > 0");
            return duration;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be >= " + min + " but was " + value);
        }
        return value;
    }

    /** The parent directory of an output file must exist (it is not created behind the user's back). */
    static Path output(CommandSpec spec, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "--output: no directory " + parent);
        }
        return file;
    }
}
