package scalelab.scaling.lb;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** How the balancer picks a target among the healthy ones. */
public enum Policy {
    /** Each in turn. */
    ROUND_ROBIN,
    /** The one with the fewest requests in flight; ties go in turn. */
    LEAST_OUTSTANDING;

    /** {@code round-robin} or {@code least-outstanding}. */
    public static Policy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "round-robin", "round_robin", "rr" -> ROUND_ROBIN;
            case "least-outstanding", "least_outstanding", "lor" -> LEAST_OUTSTANDING;
            default ->
                throw new IllegalArgumentException(
                        "unknown policy '" + text + "': use round-robin or least-outstanding");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One of {@code candidates} (not empty), never {@code excluded} unless it is the only one. */
    Target pick(List<Target> candidates, Target excluded, AtomicInteger turn) {
        int n = candidates.size();
        int start = Math.floorMod(turn.getAndIncrement(), n);
        Target best = null;
        for (int i = 0; i < n; i++) {
            Target t = candidates.get((start + i) % n);
            if (t == excluded) {
                continue;
            }
            if (this == ROUND_ROBIN) {
                return t;
            }
            if (best == null || t.outstanding() < best.outstanding()) {
                best = t;
            }
        }
        return best != null ? best : excluded;
    }
}
