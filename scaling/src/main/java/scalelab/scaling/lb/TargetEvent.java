package scalelab.scaling.lb;

import java.time.Instant;

/** Something that happened to a target: registered, healthy, unhealthy, ejected, draining, removed. */
public record TargetEvent(Instant at, String target, String event, String detail) {}
