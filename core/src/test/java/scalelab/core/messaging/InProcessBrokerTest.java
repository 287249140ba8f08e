package scalelab.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InProcessBrokerTest extends BrokerContract {
    @Override
    protected Broker openBroker() {
        return new InProcessBroker();
    }

    @Test
    void describesItselfAsInProcess() {
        assertThat(broker.describe()).isEqualTo("in-process");
    }

    @Test
    void redeclaringAQueueWithOtherSettingsIsRefused() {
        QueueSpec spec = declare("t", "q", 3);
        assertThatThrownBy(() -> broker.declare(new QueueSpec(spec.topic(), spec.queue(), 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(spec.queue());
    }
}
