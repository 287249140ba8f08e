package scalelab.cli;

import picocli.CommandLine.Option;
import scalelab.loadgen.Durations;
import scalelab.scaling.lb.LbConfig;
import scalelab.scaling.lb.Policy;

/** The load balancer's settings, as a target group's. Flag > SCALELAB_LB_* environment variable > default. */
final class LbOptions {
    @Option(
            names = "--policy",
            defaultValue = "${env:SCALELAB_LB_POLICY:-round-robin}",
            description = "round-robin or least-outstanding (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(
            names = "--health-path",
            defaultValue = "${env:SCALELAB_LB_HEALTH_PATH:-/health}",
            description = "Path of the health check, a GET answered 2xx when healthy (default: ${DEFAULT-VALUE}).")
    String healthPath;

    @Option(
            names = "--check-interval",
            defaultValue = "${env:SCALELAB_LB_CHECK_INTERVAL:-2s}",
            description = "Time between two checks of a target (default: ${DEFAULT-VALUE}).")
    String checkInterval;

    @Option(
            names = "--check-timeout",
            defaultValue = "${env:SCALELAB_LB_CHECK_TIMEOUT:-1s}",
            description = "Longest wait for a check's answer (default: ${DEFAULT-VALUE}).")
    String checkTimeout;

    @Option(
            names = "--healthy-threshold",
            defaultValue = "${env:SCALELAB_LB_HEALTHY_THRESHOLD:-2}",
            description = "Good checks in a row that make a target healthy (default: ${DEFAULT-VALUE}).")
    int healthyThreshold;

    @Option(
            names = "--unhealthy-threshold",
            defaultValue = "${env:SCALELAB_LB_UNHEALTHY_THRESHOLD:-2}",
            description = "Failed checks in a row that make a target unhealthy (default: ${DEFAULT-VALUE}).")
    int unhealthyThreshold;

    @Option(
            names = "--connect-timeout",
            defaultValue = "${env:SCALELAB_LB_CONNECT_TIMEOUT:-1s}",
            description = "Longest wait to connect to a target (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(
            names = "--response-timeout",
            defaultValue = "${env:SCALELAB_LB_RESPONSE_TIMEOUT:-10s}",
            description = "Longest wait for a target's whole answer, then 504 (default: ${DEFAULT-VALUE}).")
    String responseTimeout;

    @Option(
            names = "--drain-timeout",
            defaultValue = "${env:SCALELAB_LB_DRAIN_TIMEOUT:-10s}",
            description = "How long a removed target keeps its requests in flight (default: ${DEFAULT-VALUE}).")
    String drainTimeout;

    LbConfig config() {
        return LbConfig.defaults()
                .withPolicy(Policy.parse(policy))
                .withChecks(
                        healthPath,
                        Durations.parse(checkInterval),
                        Durations.parse(checkTimeout),
                        healthyThreshold,
                        unhealthyThreshold)
                .withTimeouts(Durations.parse(connectTimeout), Durations.parse(responseTimeout))
                .withDrainTimeout(Durations.parse(drainTimeout));
    }
}
