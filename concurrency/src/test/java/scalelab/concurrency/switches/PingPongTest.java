package scalelab.concurrency.switches;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PingPongTest {
    @ParameterizedTest
    @EnumSource(PingPong.Kind.class)
    void bothThreadsTakeEveryTurn(PingPong.Kind kind) throws InterruptedException {
        var result = PingPong.measure(kind, 5_000);
        assertThat(result.pings()).isEqualTo(5_000);
        assertThat(result.pongs()).isEqualTo(5_000);
        assertThat(result.exact()).isTrue();
        assertThat(result.nanosPerSwitch()).isPositive();
    }
}
