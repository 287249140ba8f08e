package scalelab.concurrency.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The safe maps keep every entry from 50 writers; the bare HashMap goes wrong. As with the counters, a race is not
 * guaranteed: the unsafe test tries up to {@link #TRIES} bounded races and is skipped with the reason when none goes
 * wrong, never passed.
 */
class MapWriteRaceTest {
    static final int TRIES = 20;

    @ParameterizedTest
    @EnumSource(names = {"SYNCHRONIZED_MAP", "READ_WRITE_LOCK", "CONCURRENT_HASH_MAP"})
    void safeMapsKeepEveryEntryFromFiftyWriters(MapKind kind) throws InterruptedException {
        var result = MapWriteRace.run(kind, 50, 1_000, Duration.ofSeconds(30));
        assertThat(result.size()).isEqualTo(50_000);
        assertThat(result.present()).isEqualTo(50_000);
        assertThat(result.exceptions()).isEmpty();
        assertThat(result.hung()).isFalse();
        assertThat(result.exact()).isTrue();
        assertThat(result.problems()).isEqualTo("none: every entry present");
    }

    @Test
    void aHashMapUnderFiftyWritersLosesEntriesOrThrowsInOneOfTwentyRaces() throws InterruptedException {
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            var result = MapWriteRace.run(MapKind.HASH_MAP, 50, 1_000, Duration.ofSeconds(10));
            if (!result.exact()) {
                assertThat(result.problems()).containsAnyOf("lost", "size() says", "x java.", "hung", "reading");
                return;
            }
        }
        Assumptions.abort("HashMap came out right in " + TRIES + " races of 50 writers x 1,000 keys on "
                + Runtime.getRuntime().availableProcessors() + " CPU(s): this machine did not race; skipped, not"
                + " passed");
    }

    @Test
    void aWriterStuckInsideTheMapIsReportedAsHungAndAbandonedAfterTheTimeout() throws InterruptedException {
        var release = new CountDownLatch(1);
        MapKind.SharedMap stuck = new MapKind.SharedMap() { // a put that never returns, like a corrupted bin's loop
                    @Override
                    public Integer get(int key) {
                        return null;
                    }

                    @Override
                    public void put(int key, int value) {
                        try {
                            release.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public int size() {
                        return 0;
                    }
                };
        try {
            long start = System.nanoTime();
            var result = MapWriteRace.run(MapKind.HASH_MAP, stuck, 3, 10, Duration.ofMillis(200));
            long tookNanos = System.nanoTime() - start;

            assertThat(result.hungWriters()).isEqualTo(3);
            assertThat(result.hung()).isTrue();
            assertThat(result.exact()).isFalse();
            assertThat(result.size()).isEqualTo(-1); // not read back: the writers still hold it
            assertThat(result.problems()).contains("3 writer(s) hung inside the map, abandoned");
            assertThat(Duration.ofNanos(tookNanos)) // bounded: the timeout plus the grace, not a hung test
                    .isLessThan(Duration.ofMillis(200).plus(MapWriteRace.GRACE).plusSeconds(5));
        } finally {
            release.countDown();
        }
    }
}
