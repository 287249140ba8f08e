package scalelab.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.dashboard.Dashboard;
import scalelab.dashboard.DashboardConfig;
import scalelab.dashboard.ServiceTarget;

/**
 * The dashboard of {@code scalelab up}: it watches the services just started, runs the experiments of {@code
 * scalelab experiment} as child JVMs of this same program, and lists the reports under {@code reports/}.
 */
final class UpDashboard {
    /** Where experiments write their reports by default (see {@link SharedStateCommand#defaultOut}). */
    static final Path REPORTS = Path.of("reports");

    private UpDashboard() {}

    /**
     * Starts the dashboard on {@code host:port} over {@code servers}, prints its URL, and stops it on Ctrl-C /
     * SIGTERM.
     */
    static Dashboard start(List<HttpServer> servers, String host, int port, CommandLine up) {
        var services = servers.stream()
                .map(server -> ServiceTarget.of(server.name(), server.uri()))
                .toList();
        var config = DashboardConfig.of(services, REPORTS, experimentCommand(), experimentNames(up));
        Dashboard dashboard =
                Dashboard.start(config, ServerConfig.of("dashboard", port).withHost(host));
        Lifecycle.stopOnShutdown(List.of(), dashboard);
        PrintWriter out = up.getOut();
        out.println("dashboard: " + dashboard.uri() + " (every service live, faults, experiments, reports)");
        out.flush();
        return dashboard;
    }

    /** The names under {@code scalelab experiment}. */
    static List<String> experimentNames(CommandLine up) {
        CommandLine root = up;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        CommandLine experiment = root.getSubcommands().get("experiment");
        return experiment == null
                ? List.of()
                : List.copyOf(experiment.getSubcommands().keySet());
    }

    /**
     * This program again: the same java, its memory and GC flags ({@code SCALELAB_JAVA_OPTS} or the launcher's),
     * the same class path, {@link Main}.
     */
    static List<String> experimentCommand() {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<String>(List.of(java));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-X"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }
}
