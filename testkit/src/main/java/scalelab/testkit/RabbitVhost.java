package scalelab.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway virtual host on the real RabbitMQ, so a test has queues of its own: fixed queue names (e.g. the flash
 * sale's {@code orders} / {@code order-processing}) cannot collide with other tests or with services running on the
 * same RabbitMQ, and nothing is left behind: {@link #close()} deletes the vhost with its exchanges and queues.
 *
 * <p>Created with {@code rabbitmqctl add_vhost} and {@code set_permissions} for the user of {@link
 * RealServices#amqpUrl()}, so it needs the RabbitMQ on this machine (a loopback URL) and a {@code rabbitmqctl} that
 * may manage it (root, or the rabbitmq user). Without them the test is skipped, or fails under {@code CI=true}.
 *
 * <pre>{@code
 * try (var vhost = RabbitVhost.create()) {
 *     var broker = RabbitBroker.open(vhost.url());
 * }
 * }</pre>
 */
public final class RabbitVhost implements AutoCloseable {
    private static final long RABBITMQCTL_TIMEOUT_SECONDS = 30;
    private static final List<String> RABBITMQCTL_DIRS = List.of("/usr/sbin", "/usr/lib/rabbitmq/bin", "/sbin");

    private final String rabbitmqctl;
    private final String name;
    private final String url;

    private RabbitVhost(String rabbitmqctl, String name, String url) {
        this.rabbitmqctl = rabbitmqctl;
        this.name = name;
        this.url = url;
    }

    /** A new vhost named {@code scalelab-it-<random>}, the user of the AMQP URL allowed everything in it. */
    public static RabbitVhost create() {
        String base = RealServices.amqpUrl();
        URI uri = URI.create(base);
        if (!isLocal(uri.getHost())) {
            Unavailable.skipOrFail("RabbitVhost needs the RabbitMQ on this machine (rabbitmqctl), but the AMQP URL's"
                    + " host is " + uri.getHost());
        }
        String rabbitmqctl = findRabbitmqctl();
        if (rabbitmqctl == null) {
            Unavailable.skipOrFail("rabbitmqctl not found on PATH or in " + RABBITMQCTL_DIRS
                    + ": cannot create a throwaway RabbitMQ vhost");
        }
        String user = user(uri);
        String name = "scalelab-it-" + UUID.randomUUID().toString().substring(0, 8);
        run(rabbitmqctl, "add_vhost", name);
        var vhost = new RabbitVhost(rabbitmqctl, name, withVhost(uri, name));
        try {
            run(rabbitmqctl, "set_permissions", "-p", name, user, ".*", ".*", ".*");
        } catch (RuntimeException | Error e) {
            tryRun(rabbitmqctl, "delete_vhost", name);
            throw e;
        }
        return vhost;
    }

    /** The vhost's name (letters, digits and dashes: the same in a URL). */
    public String name() {
        return name;
    }

    /** The AMQP URL of {@link RealServices#amqpUrl()} with this vhost as its path. */
    public String url() {
        return url;
    }

    /** Deletes the vhost, with every exchange and queue in it. */
    @Override
    public void close() {
        String failure = tryRun(rabbitmqctl, "delete_vhost", name);
        if (failure != null) {
            throw new IllegalStateException("could not delete the test vhost " + name + ": " + failure);
        }
    }

    private static boolean isLocal(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String findRabbitmqctl() {
        var dirs = new ArrayList<String>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(RABBITMQCTL_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "rabbitmqctl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** The user of the URL, as RabbitMQ's default ("guest") when it names none. */
    private static String user(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return "guest";
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(0, colon);
    }

    private static String withVhost(URI uri, String vhost) {
        String raw = uri.getRawUserInfo();
        String auth = (raw == null ? "" : raw + "@") + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return uri.getScheme() + "://" + auth + "/" + vhost;
    }

    /** Runs rabbitmqctl; a failure (not permitted, node down, timeout) skips the test, or fails it under CI. */
    private static void run(String rabbitmqctl, String... args) {
        String failure = tryRun(rabbitmqctl, args);
        if (failure != null) {
            Unavailable.skipOrFail(failure);
        }
    }

    /** Runs rabbitmqctl -q with the arguments: null if it succeeded, else what went wrong. */
    private static String tryRun(String rabbitmqctl, String... args) {
        var command = new ArrayList<String>();
        command.add(rabbitmqctl);
        command.add("-q");
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            var output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    output.append("(output unreadable: ").append(e.getMessage()).append(')');
                }
            });
            if (!p.waitFor(RABBITMQCTL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return shown + " did not finish within " + RABBITMQCTL_TIMEOUT_SECONDS + " s";
            }
            reader.join(5_000);
            return p.exitValue() == 0 ? null : shown + " failed (exit " + p.exitValue() + "): " + output;
        } catch (IOException e) {
            return "cannot run " + shown + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running " + shown;
        }
    }
}
