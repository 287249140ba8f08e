package scalelab.core.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One confirm-mode channel of {@link RabbitBroker}'s publishing pool. A channel must not be published on by two
 * threads at once, so {@link #publish} holds {@link #lock} only while it writes the message; it then waits for
 * the confirm outside the lock, so many publishes are in flight on one channel. Confirms arrive on the
 * connection's thread and complete the futures in {@link #pending}, keyed by publish sequence number. When the
 * channel shuts down (connection lost, channel error) every pending future fails at once.
 */
final class ConfirmChannel implements ConfirmListener {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
    private volatile Channel channel; // replaced, under the lock, when a channel error closed it

    ConfirmChannel(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = open();
    }

    private Channel open() throws IOException {
        Channel opened = connection.createChannel();
        if (opened == null) {
            throw new IOException("no channel available on the connection");
        }
        opened.confirmSelect();
        opened.addConfirmListener(this);
        opened.addShutdownListener(this::failAll);
        return opened;
    }

    /**
     * Writes the message and returns the future its confirm completes.
     *
     * @throws TimeoutException if the channel stayed busy until {@code deadlineNanos}
     */
    CompletableFuture<Void> publish(String exchange, AMQP.BasicProperties properties, byte[] body, long deadlineNanos)
            throws IOException, InterruptedException, TimeoutException {
        if (!lock.tryLock(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("the publishing channel stayed busy");
        }
        var confirmed = new CompletableFuture<Void>();
        Channel current;
        long seqNo;
        try {
            if (!channel.isOpen() && connection.isOpen()) {
                channel = open(); // a channel error (e.g. an exchange deleted meanwhile) closed the old one
            }
            current = channel;
            seqNo = current.getNextPublishSeqNo();
            pending.put(seqNo, confirmed);
            try {
                current.basicPublish(exchange, "", false, properties, body);
            } catch (IOException | RuntimeException e) {
                pending.remove(seqNo);
                throw e;
            }
        } finally {
            lock.unlock();
        }
        if (!current.isOpen()) { // closed after the shutdown listener failed what was pending: fail this one too
            pending.remove(seqNo, confirmed);
            confirmed.completeExceptionally(new IOException("the channel closed before the confirm"));
        }
        return confirmed;
    }

    void forget(CompletableFuture<Void> confirm) {
        pending.values().remove(confirm);
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, null);
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, new IOException("RabbitMQ refused the message (basic.nack)"));
    }

    private void settle(long deliveryTag, boolean multiple, Exception failure) {
        var settled =
                multiple ? pending.headMap(deliveryTag, true) : pending.subMap(deliveryTag, true, deliveryTag, true);
        for (var entry : settled.entrySet()) {
            if (settled.remove(entry.getKey(), entry.getValue())) {
                if (failure == null) {
                    entry.getValue().complete(null);
                } else {
                    entry.getValue().completeExceptionally(failure);
                }
            }
        }
    }

    private void failAll(ShutdownSignalException cause) {
        for (var entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().completeExceptionally(cause);
            }
        }
    }
}
