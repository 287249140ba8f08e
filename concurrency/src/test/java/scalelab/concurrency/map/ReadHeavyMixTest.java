package scalelab.concurrency.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadHeavyMixTest {
    @ParameterizedTest
    @EnumSource(names = {"SYNCHRONIZED_MAP", "READ_WRITE_LOCK", "CONCURRENT_HASH_MAP"})
    void aNinetyPercentReadMixKeepsEveryKeyOnEachSafeMap(MapKind kind) throws InterruptedException {
        var result = ReadHeavyMix.run(kind, 4, 20_000, 1_000, 90);
        assertThat(result.operations()).isEqualTo(80_000);
        assertThat(result.sizeAfter()).isEqualTo(1_000);
        assertThat(result.exact()).isTrue();
        assertThat(result.opsPerSecond()).isPositive();
    }

    @Test
    void refusesTheUnsafeHashMap() {
        assertThatThrownBy(() -> ReadHeavyMix.run(MapKind.HASH_MAP, 2, 10, 10, 90))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not safe");
    }
}
