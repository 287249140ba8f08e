package scalelab.resilience;

import java.util.List;

/** One span of the experiment's timeline: a name and its start and end (epoch milliseconds). */
public record Phase(String name, long startMs, long endMs) {
    public Phase {
        if (endMs < startMs) {
            throw new IllegalArgumentException(
                    "phase '" + name + "' ends before it starts: " + startMs + " > " + endMs);
        }
    }

    /**
     * The phase an instant falls in; before the first phase counts as the first and after the last as the
     * last (the answers still arriving once the load has stopped).
     */
    static Phase at(List<Phase> phases, long epochMs) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("no phases");
        }
        for (Phase p : phases) {
            if (epochMs < p.endMs()) {
                return p;
            }
        }
        return phases.get(phases.size() - 1);
    }
}
