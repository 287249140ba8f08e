package scalelab.scaling.lb;

/**
 * The thresholds of active health checks, as a target group applies them: a target turns unhealthy after
 * {@code unhealthyThreshold} failed checks in a row, and healthy after {@code healthyThreshold} good ones in a
 * row (a new target starts {@link TargetState#INITIAL} and needs them too). Not thread-safe: its {@link Target}
 * guards it.
 */
final class HealthCounter {
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private int goodInARow;
    private int badInARow;

    HealthCounter(int healthyThreshold, int unhealthyThreshold) {
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    /** The state after one check of a target in state {@code now}. Draining targets stay draining. */
    TargetState record(TargetState now, boolean good) {
        if (good) {
            goodInARow++;
            badInARow = 0;
        } else {
            badInARow++;
            goodInARow = 0;
        }
        return switch (now) {
            case DRAINING -> TargetState.DRAINING;
            case HEALTHY -> badInARow >= unhealthyThreshold ? TargetState.UNHEALTHY : TargetState.HEALTHY;
            case INITIAL, UNHEALTHY -> goodInARow >= healthyThreshold ? TargetState.HEALTHY : now;
        };
    }

    /** After a passive ejection: the good checks start again from zero. */
    void reset() {
        goodInARow = 0;
        badInARow = 0;
    }
}
