package scalelab.scaling.autoscale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts each instance as a child process: {@code command} followed by {@code --host 127.0.0.1 --port P}, P a
 * free port found just before. Its output goes to {@code logDir/<name>-<n>.log}, or nowhere without a log
 * folder. The command should make the child exit when this process does (the cli passes {@code
 * --exit-with-parent}), so a supervisor killed with SIGKILL leaves no orphans.
 */
public final class ProcessLauncher implements InstanceLauncher {
    private final String name;
    private final List<String> command;
    private final Path logDir;
    private final AtomicInteger launched = new AtomicInteger();

    public ProcessLauncher(String name, List<String> command, Path logDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logDir = logDir;
    }

    @Override
    public Instance launch() throws IOException {
        int port = freePort();
        var args = new ArrayList<>(command);
        args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        String id = name + "-" + launched.incrementAndGet();
        var builder = new ProcessBuilder(args).redirectErrorStream(true);
        if (logDir != null) {
            Files.createDirectories(logDir);
            builder.redirectOutput(logDir.resolve(id + ".log").toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        return new ChildInstance(id + " pid=" + process.pid(), URI.create("http://127.0.0.1:" + port), process);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private record ChildInstance(String id, URI uri, Process process) implements Instance {
        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void kill() {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }

        @Override
        public void stop(Duration grace) {
            process.destroy();
            if (!waitFor(grace)) {
                kill();
            }
        }

        private boolean waitFor(Duration d) {
            try {
                return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public String toString() {
            return id + " " + uri;
        }
    }
}
