package scalelab.flashsale.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrainTest {
    private static QueueSample at(long ms, long depth, long completed) {
        return new QueueSample(ms, depth, depth, 0, completed, 0, 0, null);
    }

    @Test
    void drainedWithinTheCapIsMeasuredFromTheEndOfTheLoad() {
        var d = Drain.measured(10_000, 12_500, 5);
        assertThat(d.projected()).isFalse();
        assertThat(d.seconds()).isEqualTo(2.5);
        assertThat(d.remaining()).isZero();
    }

    @Test
    void notDrainedIsProjectedAsTheWaitPlusWhatIsLeftOverTheRate() {
        // waited 60 s after the load, 3,600 orders left at 0.333 orders/s: 60 + 10,800 s
        var d = Drain.projected(100_000, 160_000, 3_600, 1 / 3.0);
        assertThat(d.projected()).isTrue();
        assertThat(d.seconds()).isCloseTo(10_860, within(0.01));
        assertThat(d.remaining()).isEqualTo(3_600);
    }

    @Test
    void nothingCompletedCannotBeProjected() {
        assertThat(Drain.projected(0, 5_000, 10, 0).seconds()).isNaN();
        assertThatThrownBy(() -> Drain.projected(0, 5_000, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void processingRateCountsOnlyTheIntervalsWhileTheQueueWasFull() {
        var samples = List.of(
                at(0, 0, 0), // the load starts: nothing queued yet
                at(1_000, 50, 0),
                at(2_000, 90, 2), // full from here: 2 completions a second
                at(3_000, 130, 4),
                at(4_000, 170, 6),
                at(5_000, 0, 50)); // the rest discarded, say: the queue is empty, not busy
        // busy intervals: 1-2 s (+2), 2-3 s (+2), 3-4 s (+2): 6 completions in 3 s
        assertThat(Drain.processingRate(samples, 1.0)).isEqualTo(2.0);
    }

    @Test
    void processingRateOfWorkersThatKeptUpIsFromTheFirstToTheLastCompletion() {
        var samples = List.of(
                at(0, 0, 0),
                at(500, 0, 0),
                at(1_000, 0, 30), // first completions: 60/s from here
                at(2_000, 0, 90),
                at(3_000, 0, 150),
                at(4_000, 0, 150), // done: idle samples after it do not dilute the rate
                at(5_000, 0, 150));
        assertThat(Drain.processingRate(samples, 1.0)).isEqualTo(60.0);
    }

    @Test
    void processingRateNeedsTwoSamples() {
        assertThat(Drain.processingRate(List.of(at(0, 5, 1)), 1.0)).isZero();
    }
}
