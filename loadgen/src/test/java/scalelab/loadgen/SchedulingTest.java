package scalelab.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How users and tasks are chosen and how long users think: no network involved. */
class SchedulingTest {
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void tasksArePickedInProportionToTheirWeights() {
        var type = UserType.named("u")
                .task(3, Call.get("/a"))
                .task(1, Call.get("/b"))
                .task(6, Call.get("/c"));
        var counts = new HashMap<String, Integer>();
        int picks = 100_000;
        for (int i = 0; i < picks; i++) {
            counts.merge(type.pick(random).call().name(), 1, Integer::sum);
        }
        // within 1 percentage point of 30% / 10% / 60%
        assertThat(counts.get("/a") / (double) picks).isCloseTo(0.3, within(0.01));
        assertThat(counts.get("/b") / (double) picks).isCloseTo(0.1, within(0.01));
        assertThat(counts.get("/c") / (double) picks).isCloseTo(0.6, within(0.01));
    }

    @Test
    void usersAreAssignedToTypesExactlyByWeight() {
        var reader = UserType.named("reader").weight(3).task(1, Call.get("/r"));
        var writer = UserType.named("writer").weight(1).task(1, Call.get("/w"));
        var scenario = Scenario.named("s", "").user(reader).user(writer);
        int[] counts = new int[2];
        for (int spawned = 1; spawned <= 100; spawned++) {
            scenario.nextType(counts);
            // every prefix is as close to 3:1 as whole users allow
            assertThat(Math.abs(counts[0] - 0.75 * spawned)).isLessThanOrEqualTo(1.0);
            if (spawned == 8) {
                assertThat(counts).containsExactly(6, 2);
            }
        }
        assertThat(counts).containsExactly(75, 25);
    }

    @Test
    void betweenDrawsUniformlyWithinItsBounds() {
        var wait = WaitTime.between(Duration.ofMillis(500), Duration.ofMillis(1500));
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            long nanos = wait.nanos(random, 0);
            assertThat(nanos).isBetween(500_000_000L, 1_500_000_000L);
            sum += nanos;
        }
        assertThat(sum / n / 1e6).isCloseTo(1000, within(10.0));
    }

    @Test
    void constantPacingWaitsOutTheRestOfThePeriod() {
        var pace = WaitTime.constantPacing(Duration.ofSeconds(2));
        assertThat(pace.nanos(random, 500_000_000L)).isEqualTo(1_500_000_000L);
        assertThat(pace.nanos(random, 3_000_000_000L)).isZero();
        assertThat(WaitTime.constant(Duration.ofMillis(250)).nanos(random, 10)).isEqualTo(250_000_000L);
        assertThat(WaitTime.none().nanos(random, 10)).isZero();
    }

    @Test
    void waitTimesParseAsTyped() {
        assertThat(WaitTime.parse("0").nanos(random, 0)).isZero();
        assertThat(WaitTime.parse("1.5s").nanos(random, 0)).isEqualTo(1_500_000_000L);
        assertThat(WaitTime.parse("pace:2s").nanos(random, 500_000_000L)).isEqualTo(1_500_000_000L);
        assertThat(WaitTime.parse("500ms..1s").nanos(random, 0)).isBetween(500_000_000L, 1_000_000_000L);
        assertThatThrownBy(() -> WaitTime.parse("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> WaitTime.parse("2s..1s")).hasMessageContaining("min <= max");
    }

    @Test
    void inlineWeightFollowsTheLastColon() {
        assertThat(Inline.weighted("/get?key=test:3")).isEqualTo(new Inline.Weighted("/get?key=test", 3));
        assertThat(Inline.weighted("/get?key=test:3:1")).isEqualTo(new Inline.Weighted("/get?key=test:3", 1));
        assertThat(Inline.weighted("/albums")).isEqualTo(new Inline.Weighted("/albums", 1));
        assertThat(Inline.weighted("/a:b")).isEqualTo(new Inline.Weighted("/a:b", 1));
        assertThatThrownBy(() -> Inline.scenario(java.util.List.of("nope"), java.util.List.of(), WaitTime.none()))
                .hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> Inline.scenario(java.util.List.of(), java.util.List.of("/post:1"), WaitTime.none()))
                .hasMessageContaining("PATH:@FILE");
        assertThatThrownBy(() -> Inline.scenario(
                        java.util.List.of(), java.util.List.of("/post:@/no/such/file.json"), WaitTime.none()))
                .hasMessageContaining("not found");
    }

    @Test
    void durationsParseAsPeopleTypeThem() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("negative");
    }

    @Test
    void reservoirKeepsAUniformSampleOfBoundedSize() {
        var sampler = new Sampler(1_000);
        for (int i = 0; i < 100_000; i++) {
            sampler.offer(i, "n", i, true);
        }
        var samples = sampler.samples();
        assertThat(samples).hasSize(1_000);
        // uniform over the run: about half the sample comes from each half
        long firstHalf = samples.stream().filter(s -> s.epochMs() < 50_000).count();
        assertThat(firstHalf).isBetween(400L, 600L);
        assertThat(samples).isSortedAccordingTo(java.util.Comparator.comparingLong(LatencySample::epochMs));
    }
}
