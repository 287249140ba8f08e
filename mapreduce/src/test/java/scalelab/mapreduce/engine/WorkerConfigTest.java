package scalelab.mapreduce.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    @Test
    void aWorkerHasNoTaskDelayUnlessToldAndKeepsItsOtherSettingsWithOne() {
        WorkerConfig plain = WorkerConfig.of("mapper", 1, true);
        assertThat(plain.taskDelay()).isZero();

        WorkerConfig slow = plain.withConcurrency(3).withTaskDelay(Duration.ofSeconds(2));
        assertThat(slow.taskDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(slow.withConcurrency(1).taskDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(slow)
                .extracting(WorkerConfig::id, WorkerConfig::concurrency, WorkerConfig::compress)
                .containsExactly(plain.id(), 3, true);
    }

    @Test
    void aNegativeTaskDelayIsRefused() {
        assertThatThrownBy(() -> WorkerConfig.of("mapper", 1, false).withTaskDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskDelay must be >= 0");
    }
}
