package scalelab.scaling.autoscale;

import java.time.Instant;

/**
 * One entry of the scaling activity log: {@code scale-out}, {@code scale-in}, {@code launched}, {@code died},
 * {@code stopped}; with the instance count before and after where it changed.
 */
public record ScalingActivity(Instant at, String kind, int from, int to, String detail) {}
