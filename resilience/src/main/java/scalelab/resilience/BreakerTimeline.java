package scalelab.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The fixed cart's circuit-breaker state as polled over the experiment: (epoch ms, state) samples. */
final class BreakerTimeline {
    record Sample(long epochMs, String state) {
        /** 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 anything else (a poll that failed). */
        int code() {
            return switch (state) {
                case "CLOSED" -> 0;
                case "HALF_OPEN" -> 1;
                case "OPEN" -> 2;
                default -> -1;
            };
        }
    }

    /** Written by the poller thread; read once the run is over. */
    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(long epochMs, String state) {
        samples.add(new Sample(epochMs, state));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The state last seen at or before {@code epochMs}; "UNKNOWN" before the first sample. */
    synchronized String stateAt(long epochMs) {
        String state = "UNKNOWN";
        for (Sample s : samples) {
            if (s.epochMs() > epochMs) {
                break;
            }
            state = s.state();
        }
        return state;
    }

    /**
     * When the breaker was first seen CLOSED at or after {@code fromMs} and stayed CLOSED until {@code
     * untilMs} (the end of the run); empty if it never settled closed.
     */
    synchronized OptionalLong closedForGoodAfter(long fromMs, long untilMs) {
        Long since = null;
        for (Sample s : samples) {
            if (s.epochMs() < fromMs) {
                continue;
            }
            if (s.epochMs() > untilMs) {
                break;
            }
            if (s.state().equals("CLOSED")) {
                if (since == null) {
                    since = s.epochMs();
                }
            } else {
                since = null;
            }
        }
        return since == null ? OptionalLong.empty() : OptionalLong.of(since);
    }

    /** Whether the breaker was seen in {@code state} at some sample within [{@code fromMs}, {@code untilMs}]. */
    synchronized boolean seenIn(String state, long fromMs, long untilMs) {
        return samples.stream()
                .anyMatch(s -> s.epochMs() >= fromMs
                        && s.epochMs() <= untilMs
                        && s.state().equals(state));
    }

    /** How many times the breaker was seen changing state. */
    synchronized int transitions() {
        int n = 0;
        for (int i = 1; i < samples.size(); i++) {
            if (!samples.get(i).state().equals(samples.get(i - 1).state())) {
                n++;
            }
        }
        return n;
    }
}
