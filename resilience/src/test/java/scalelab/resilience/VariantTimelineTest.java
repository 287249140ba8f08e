package scalelab.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import scalelab.loadgen.Interval;
import scalelab.loadgen.Key;

class VariantTimelineTest {
    private static final long T0 = 1_000_000;
    private static final Key ADD = new Key("POST", "/vulnerable/cart/{user}/add");
    private static final Key VIEW = new Key("GET", "/vulnerable/cart/{user}");
    private static final List<Phase> PHASES =
            List.of(new Phase("normal", T0, T0 + 2_000), new Phase("outage", T0 + 2_000, T0 + 4_000));

    /** A tick from {@code startMs} to one second later: latencies in ms, the failed ones apart. */
    private static Interval tick(long startMs, Key key, long[] okMillis, long[] failedMillis) {
        var all = new Histogram(3);
        var failed = new Histogram(3);
        for (long ms : okMillis) {
            all.recordValue(ms * 1000);
        }
        for (long ms : failedMillis) {
            all.recordValue(ms * 1000);
            failed.recordValue(ms * 1000);
        }
        return new Interval(
                startMs, startMs + 1000, 5, Map.of(key, new Interval.Histograms(all, failed, new Histogram(3))));
    }

    private static long[] times(int n, long ms) {
        var a = new long[n];
        java.util.Arrays.fill(a, ms);
        return a;
    }

    @Test
    void eachSecondCountsRequestsFailuresPercentilesAndInFlightInItsPhase() {
        var timeline = new VariantTimeline("vulnerable", new InFlight());
        timeline.add(tick(T0, ADD, times(98, 2), times(2, 40)), 3);
        timeline.add(tick(T0 + 2_000, ADD, new long[0], times(10, 1)), 17);

        var seconds = timeline.seconds(T0, PHASES);

        assertThat(seconds).hasSize(2);
        var first = seconds.get(0);
        assertThat(first.atSeconds()).isEqualTo(1.0);
        assertThat(first.phase()).isEqualTo("normal");
        assertThat(first.requests()).isEqualTo(100);
        assertThat(first.failures()).isEqualTo(2);
        assertThat(first.errorRate()).isEqualTo(0.02);
        assertThat(first.p50Ms()).isCloseTo(2, within(0.01));
        assertThat(first.p99Ms()).isCloseTo(40, within(0.05));
        assertThat(first.inFlight()).isEqualTo(3);
        var second = seconds.get(1);
        assertThat(second.phase()).isEqualTo("outage");
        assertThat(second.errorRate()).isEqualTo(1.0);
        assertThat(second.inFlight()).isEqualTo(17);
    }

    @Test
    void phaseFiguresMergeEveryRequestNameAndOnlyTheirPhases() {
        var timeline = new VariantTimeline("vulnerable", new InFlight());
        timeline.add(tick(T0, ADD, times(10, 3), new long[0]), 0);
        timeline.add(tick(T0 + 1_000, VIEW, times(10, 1), new long[0]), 0);
        timeline.add(tick(T0 + 2_000, ADD, times(4, 5_000), times(6, 2)), 0);

        var normal = timeline.figures(PHASES, Set.of("normal"));
        var outage = timeline.figures(PHASES, Set.of("outage"));

        assertThat(normal.requests()).isEqualTo(20);
        assertThat(normal.failures()).isZero();
        assertThat(normal.maxMs()).isCloseTo(3, within(0.01));
        assertThat(outage.requests()).isEqualTo(10);
        assertThat(outage.errorRate()).isEqualTo(0.6);
        assertThat(outage.maxMs()).isCloseTo(5_000, within(5.0));
    }

    @Test
    void aTickAfterTheLastPhaseCountsInTheLastPhase() {
        var timeline = new VariantTimeline("fixed", new InFlight());
        timeline.add(tick(T0 + 9_000, ADD, times(1, 1), new long[0]), 0);

        assertThat(timeline.seconds(T0, PHASES).get(0).phase()).isEqualTo("outage");
    }

    @Test
    void shareFailedOrWaitedCountsOnlyQuickSuccessesAgainstIt() {
        var timeline = new VariantTimeline("vulnerable", new InFlight());
        // outage: 6 waited 5 s, 3 failed fast, 1 succeeded fast; the views are not adds and do not count
        var all = new Histogram(3);
        var failed = new Histogram(3);
        for (int i = 0; i < 6; i++) {
            all.recordValue(5_000_000);
        }
        for (int i = 0; i < 3; i++) {
            all.recordValue(2_000);
            failed.recordValue(2_000);
        }
        all.recordValue(3_000);
        var views = new Histogram(3);
        views.recordValue(1_000);
        timeline.add(
                new Interval(
                        T0 + 2_000,
                        T0 + 3_000,
                        5,
                        Map.of(
                                ADD, new Interval.Histograms(all, failed, new Histogram(3)),
                                VIEW, new Interval.Histograms(views, new Histogram(3), new Histogram(3)))),
                0);

        assertThat(timeline.shareFailedOrWaited(PHASES, Set.of("outage"), ADD.name(), 4_500_000))
                .isCloseTo(0.9, within(1e-9));
        assertThat(timeline.countAtLeast(PHASES, Set.of("outage"), 4_500_000)).isEqualTo(6);
        assertThat(timeline.countAtLeast(PHASES, Set.of("outage"), 1_000)).isEqualTo(11);
        assertThat(timeline.shareFailedOrWaited(PHASES, Set.of("normal"), ADD.name(), 4_500_000))
                .isNaN();
    }

    @Test
    void inFlightCutGivesThePeakSinceTheLastCut() {
        var inFlight = new InFlight();
        inFlight.started();
        inFlight.started();
        inFlight.started();
        inFlight.ended();
        inFlight.ended();

        assertThat(inFlight.cut()).isEqualTo(3);
        assertThat(inFlight.now()).isEqualTo(1);
        assertThat(inFlight.cut()).isEqualTo(1);
    }

    @Test
    void breakerClosedForGoodIsTheStartOfTheLastClosedStretchAfterRecovery() {
        var breaker = new BreakerTimeline();
        breaker.add(T0, "CLOSED");
        breaker.add(T0 + 1_000, "OPEN");
        breaker.add(T0 + 2_000, "HALF_OPEN");
        breaker.add(T0 + 2_250, "CLOSED");
        breaker.add(T0 + 2_500, "OPEN");
        breaker.add(T0 + 3_000, "HALF_OPEN");
        breaker.add(T0 + 3_250, "CLOSED");
        breaker.add(T0 + 3_500, "CLOSED");

        assertThat(breaker.closedForGoodAfter(T0 + 1_500, T0 + 4_000)).hasValue(T0 + 3_250);
        assertThat(breaker.closedForGoodAfter(T0 + 500, T0 + 2_600)).isEmpty();
        assertThat(breaker.stateAt(T0 + 2_100)).isEqualTo("HALF_OPEN");
        assertThat(breaker.stateAt(T0 - 1)).isEqualTo("UNKNOWN");
        assertThat(breaker.transitions()).isEqualTo(6);
        assertThat(breaker.seenIn("OPEN", T0 + 500, T0 + 1_500)).isTrue();
        assertThat(breaker.seenIn("OPEN", T0 + 3_100, T0 + 4_000)).isFalse();
        assertThat(breaker.seenIn("HALF_OPEN", T0 + 2_000, T0 + 2_000)).isTrue();
    }
}
