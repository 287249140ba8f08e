package scalelab.flashsale.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    @Test
    void theWaitDoublesFromOneHundredMillisecondsUpToFiveSeconds() {
        var backoff = RetryBackoff.ofDefaults();
        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.after(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
