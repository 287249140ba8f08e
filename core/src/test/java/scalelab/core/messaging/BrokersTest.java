package scalelab.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokersTest {
    @Test
    void nullBlankAndInProcessOpenAnInProcessBroker() {
        for (String url : new String[] {null, "", "  ", "in-process"}) {
            try (Broker broker = Brokers.open(url)) {
                assertThat(broker).isInstanceOf(InProcessBroker.class);
            }
        }
    }

    @Test
    void anyOtherSchemeIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> Brokers.open("kafka://user:s3cret@host:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka://")
                .hasMessageContaining("host:9092")
                .hasMessageNotContaining("s3cret");
    }
}
