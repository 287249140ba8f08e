package scalelab.scaling.experiment;

/**
 * One load step's figures: users, requests and failures, req/s, latency percentiles (ms), the average CPU over
 * the step (percent of each instance's budget) and the instances serving at its end.
 */
public record Step(
        String part,
        int users,
        long requests,
        long failures,
        double rps,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double cpuPercent,
        int instances) {
    double failureRate() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
