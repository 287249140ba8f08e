package scalelab.concurrency.switches;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadStartsTest {
    @Test
    void everyTaskRunsOnceOnVirtualThreadsAndOnThePool() throws InterruptedException {
        for (ThreadStarts.Work work : ThreadStarts.Work.values()) {
            for (ThreadStarts.Way way : ThreadStarts.Way.values()) {
                var result = ThreadStarts.run(way, work, 500);
                assertThat(result.completed()).as(way + " " + work).isEqualTo(500);
                assertThat(result.exact()).isTrue();
            }
        }
    }
}
