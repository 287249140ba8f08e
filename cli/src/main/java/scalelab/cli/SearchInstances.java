package scalelab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import scalelab.scaling.autoscale.ProcessLauncher;

/**
 * Where the scaling module meets the search service: a launcher of {@code scalelab search} instances, each a
 * child JVM of this one (the same class path), which exits when this process does.
 */
final class SearchInstances {
    /**
     * JVM flags of an instance: a small heap, the serial collector and the C1 compiler only, for a quick start;
     * SCALELAB_INSTANCE_JAVA_OPTS replaces them.
     */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private SearchInstances() {}

    static ProcessLauncher launcher(double cpuBudget, Path logDir) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String opts = System.getenv().getOrDefault("SCALELAB_INSTANCE_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        for (String opt : opts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "search",
                "--cpu-budget",
                String.format(Locale.ROOT, "%s", cpuBudget),
                "--exit-with-parent"));
        return new ProcessLauncher("search", command, logDir);
    }
}
