package scalelab.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * What the dashboard watches and runs.
 *
 * @param services the services to watch (names unique)
 * @param reportsDir the folder whose reports the page lists and serves, and where experiments write theirs
 * @param experimentCommand the program that runs an experiment, as a list of words; the dashboard appends
 *     {@code experiment NAME [--quick] --out DIR}, e.g. {@code [java, -cp, CLASSPATH, scalelab.cli.Main]}
 * @param experimentNames the experiments the page may start; any other name is refused (400)
 * @param pollInterval how often every service's {@code /health} and {@code /metrics} are read (default {@link
 *     #DEFAULT_POLL_INTERVAL})
 * @param experimentTimeout longest an experiment may run before it is stopped (default {@link
 *     #DEFAULT_EXPERIMENT_TIMEOUT})
 */
public record DashboardConfig(
        List<ServiceTarget> services,
        Path reportsDir,
        List<String> experimentCommand,
        List<String> experimentNames,
        Duration pollInterval,
        Duration experimentTimeout) {
    /** Poll interval: 1 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Experiment time limit: 20 min (the longest full run takes a few minutes). */
    public static final Duration DEFAULT_EXPERIMENT_TIMEOUT = Duration.ofMinutes(20);

    /** @throws IllegalArgumentException naming the bad value */
    public DashboardConfig {
        services = List.copyOf(services);
        experimentCommand = List.copyOf(experimentCommand);
        experimentNames = List.copyOf(experimentNames);
        var names = new HashSet<String>();
        for (ServiceTarget service : services) {
            if (!names.add(service.name())) {
                throw new IllegalArgumentException("two services are named " + service.name());
            }
        }
        if (experimentCommand.isEmpty() && !experimentNames.isEmpty()) {
            throw new IllegalArgumentException("experiments are listed but there is no command to run them");
        }
        if (pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("pollInterval must be >= 100 ms but was " + pollInterval);
        }
        if (!experimentTimeout.isPositive()) {
            throw new IllegalArgumentException("experimentTimeout must be > 0 but was " + experimentTimeout);
        }
        reportsDir = reportsDir.toAbsolutePath().normalize();
    }

    /** The defaults for the intervals. */
    public static DashboardConfig of(
            List<ServiceTarget> services, Path reportsDir, List<String> experimentCommand, List<String> names) {
        return new DashboardConfig(
                services, reportsDir, experimentCommand, names, DEFAULT_POLL_INTERVAL, DEFAULT_EXPERIMENT_TIMEOUT);
    }

    public DashboardConfig withPollInterval(Duration interval) {
        return new DashboardConfig(
                services, reportsDir, experimentCommand, experimentNames, interval, experimentTimeout);
    }

    public DashboardConfig withExperimentTimeout(Duration timeout) {
        return new DashboardConfig(services, reportsDir, experimentCommand, experimentNames, pollInterval, timeout);
    }
}
