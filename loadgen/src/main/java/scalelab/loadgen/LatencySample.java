package scalelab.loadgen;

/** One request drawn for the latency-over-time scatter. */
public record LatencySample(long epochMs, String name, long micros, boolean ok) {}
