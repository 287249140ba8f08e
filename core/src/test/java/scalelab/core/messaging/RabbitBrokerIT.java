package scalelab.core.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scalelab.testkit.RealServices;
import scalelab.testkit.TcpProxy;

/**
 * The contract against the real RabbitMQ ({@code SCALELAB_AMQP_URL}), then what only a real RabbitMQ can show:
 * crashed consumers, delivery limits enforced by the quorum queue, and an unreachable broker (a {@link TcpProxy}
 * between client and RabbitMQ is cut; RabbitMQ itself keeps running). Each test deletes what it declared.
 */
class RabbitBrokerIT extends BrokerContract {
    private static String url;
    private static Connection admin;

    @BeforeAll
    static void connectTheAdmin() throws Exception {
        url = RealServices.amqpUrl();
        var factory = new ConnectionFactory();
        factory.setUri(url);
        admin = factory.newConnection("scalelab-it-admin");
    }

    @AfterAll
    static void closeTheAdmin() throws Exception {
        if (admin != null) {
            admin.close();
        }
    }

    @Override
    protected Broker openBroker() {
        return Brokers.open(url);
    }

    @Override
    protected void delete(QueueSpec queue) {
        deleteAll(queue);
    }

    static void deleteAll(QueueSpec queue) {
        try (Channel channel = admin.createChannel()) {
            channel.queueDelete(queue.queue());
            channel.queueDelete(queue.deadLetterQueue());
            channel.exchangeDelete(queue.topic());
        } catch (Exception e) {
            throw new IllegalStateException("could not delete " + queue, e);
        }
    }

    @Test
    void describesItselfWithoutCredentials() {
        assertThat(broker.describe())
                .startsWith("amqp://")
                .doesNotContain("guest")
                .endsWith("/%2F");
    }

    @Test
    void aUrlWithAnEmptyVhostMeansTheDefaultVhost() {
        URI uri = URI.create(RealServices.amqpUrl());
        Assumptions.assumeTrue(
                uri.getRawPath().equals("/%2F") || uri.getRawPath().isEmpty(), "the tests run on another vhost");
        String base = uri.getScheme() + "://" + uri.getRawUserInfo() + "@" + uri.getHost() + ":"
                + (uri.getPort() < 0 ? 5672 : uri.getPort());
        for (String url : new String[] {base, base + "/"}) {
            try (var defaultVhost = RabbitBroker.open(url)) {
                assertThat(defaultVhost.describe()).as(url).endsWith("/%2F");
            }
        }
    }

    /** The same RabbitMQ as {@link RealServices#amqpUrl()}, through {@code proxy}. */
    private static String through(TcpProxy proxy) {
        URI uri = URI.create(RealServices.amqpUrl());
        return uri.getScheme() + "://" + uri.getRawUserInfo() + "@" + proxy.host() + ":" + proxy.port()
                + uri.getRawPath();
    }

    private static TcpProxy proxyToRabbit() {
        URI uri = URI.create(RealServices.amqpUrl());
        return TcpProxy.to(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort());
    }

    @Test
    void aMessageACrashedWorkerHeldIsRedeliveredToAnotherConsumerWithDeliveryCountTwo() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        publish(spec, "m-1");
        try (TcpProxy proxy = proxyToRabbit();
                Broker crashing = Brokers.open(through(proxy))) {
            var held = new LinkedBlockingQueue<Delivery>();
            crashing.consume(spec.queue(), ConsumerSpec.of(1), held::add);
            assertThat(next(held).deliveryCount()).isEqualTo(1);

            proxy.cut(); // the worker's TCP connection dies without an ack, as when its process is killed

            var survivor = new LinkedBlockingQueue<Delivery>();
            consume(spec.queue(), ConsumerSpec.of(1), survivor::add);
            Delivery again = next(survivor);
            assertThat(again.message().id()).isEqualTo("m-1");
            assertThat(again.deliveryCount()).isEqualTo(2);
            again.ack();
        }
    }

    @Test
    void deliveriesEndedByAClosedChannelCountTowardsTheDeliveryLimit() throws Exception {
        for (int maxDeliveries = 1; maxDeliveries <= 2; maxDeliveries++) {
            QueueSpec spec = declare("t" + maxDeliveries, "q" + maxDeliveries, maxDeliveries);
            publish(spec, "m-1");
            for (int delivery = 1; delivery <= maxDeliveries; delivery++) {
                var held = new LinkedBlockingQueue<Delivery>();
                Subscription subscription = consume(spec.queue(), ConsumerSpec.of(1), held::add);
                assertThat(next(held).deliveryCount()).isEqualTo(delivery);
                subscription.close(); // never settled: back to the queue, one failed delivery more
            }
            await().atMost(TIMEOUT).until(() -> broker.depth(spec.deadLetterQueue()) == 1);
            assertThat(broker.depth(spec.queue())).isZero();
        }
    }

    @Test
    void aSubscriptionClosedWhileTheConnectionIsDownStaysClosedAfterTheRecovery() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        try (TcpProxy proxy = proxyToRabbit();
                Broker cutOff = Brokers.open(through(proxy))) {
            var received = new LinkedBlockingQueue<Delivery>();
            Subscription subscription = cutOff.consume(spec.queue(), ConsumerSpec.of(1), keepIn(received));
            proxy.cut();
            subscription.close(); // while the channel is down, waiting for the connection to recover

            proxy.restore();
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(BrokerUnavailableException.class)
                    .untilAsserted(() -> cutOff.publish(spec.topic(), new Message("after", new byte[0]), TIMEOUT));
            Thread.sleep(1_000); // time for a consumer recovered with the channel to take the message

            assertThat(broker.depth(spec.queue()))
                    .as("ready, not prefetched by a closed consumer")
                    .isEqualTo(1);
            assertThat(received).isEmpty();
        }
    }

    @Test
    void openingAnUnreachableBrokerFailsWithBrokerUnavailable() {
        TcpProxy proxy = proxyToRabbit();
        String url = through(proxy);
        proxy.close();
        assertThatThrownBy(() -> Brokers.open(url))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + proxy.port())
                .hasMessageNotContaining("guest");
    }

    @Test
    void whileUnreachablePublishFailsWithinItsTimeoutAndAfterwardsPublishingAndConsumingResume() throws Exception {
        QueueSpec spec = declare("t", "q", 3);
        try (TcpProxy proxy = proxyToRabbit();
                Broker cutOff = Brokers.open(through(proxy))) {
            var received = new LinkedBlockingQueue<Delivery>();
            cutOff.consume(spec.queue(), ConsumerSpec.of(2), delivery -> {
                received.add(delivery);
                delivery.ack();
            });
            cutOff.publish(spec.topic(), new Message("before", "x".getBytes(UTF_8)), TIMEOUT);
            assertThat(next(received).message().id()).isEqualTo("before");

            proxy.cut();
            Duration timeout = Duration.ofSeconds(2);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> cutOff.publish(spec.topic(), new Message("during", new byte[0]), timeout))
                        .isInstanceOf(BrokerUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(timeout.plusMillis(200));
            }

            proxy.restore();
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(BrokerUnavailableException.class)
                    .untilAsserted(() -> cutOff.publish(spec.topic(), new Message("after", new byte[0]), TIMEOUT));
            Delivery after = next(received);
            while (!after.message().id().equals("after")) { // a "during" message RabbitMQ took before the cut
                after = next(received);
            }
            assertThat(after.message().id()).isEqualTo("after");
        }
    }
}
