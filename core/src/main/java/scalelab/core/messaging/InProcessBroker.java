package scalelab.core.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded {@link Broker}: topics, queues and dead-letter queues in this process's memory, with the same
 * delivery semantics as {@link RabbitBroker} (at least once, delivery counts, retry with backoff, dead-lettering
 * after {@link QueueSpec#maxDeliveries()}, prefetch and concurrency) but nothing survives the process. For
 * tests, demos and single-process runs. Thread-safe.
 */
public final class InProcessBroker implements Broker {
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>(); // topic -> queue names
    private final Map<String, QueueSpec> specs = new ConcurrentHashMap<>(); // declared queues
    private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>(); // queues and their DLQs
    private final List<MemorySubscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public synchronized void declare(QueueSpec queue) {
        Objects.requireNonNull(queue, "queue");
        requireOpen();
        QueueSpec existing = specs.get(queue.queue());
        if (existing != null) {
            if (!existing.equals(queue)) {
                throw new IllegalStateException(
                        "queue " + queue.queue() + " is already declared as " + existing + ", not " + queue);
            }
            return;
        }
        if (queues.containsKey(queue.queue())) {
            throw new IllegalStateException("queue " + queue.queue() + " is already a dead-letter queue");
        }
        var deadLetters =
                queues.computeIfAbsent(queue.deadLetterQueue(), name -> new MemoryQueue(name, Integer.MAX_VALUE, null));
        queues.put(queue.queue(), new MemoryQueue(queue.queue(), queue.maxDeliveries(), deadLetters));
        specs.put(queue.queue(), queue);
        topics.computeIfAbsent(queue.topic(), t -> ConcurrentHashMap.newKeySet())
                .add(queue.queue());
    }

    /** Queues the message on every queue of the topic; nothing can be unconfirmed, so the timeout is unused. */
    @Override
    public void publish(String topic, Message message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            throw new BrokerUnavailableException("the in-process broker is closed");
        }
        for (String queue : topics.getOrDefault(topic, Set.of())) {
            queues.get(queue).offer(message);
        }
    }

    @Override
    public Subscription consume(String queue, ConsumerSpec consumer, DeliveryHandler handler) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handler, "handler");
        requireOpen();
        var subscription = new MemorySubscription(queue(queue), consumer, handler, subscriptions::remove);
        subscriptions.add(subscription);
        return subscription.start();
    }

    /** Subscriptions not closed yet (tests: closed ones are forgotten). */
    int openSubscriptions() {
        return subscriptions.size();
    }

    @Override
    public long depth(String queue) {
        return queue(queue).depth();
    }

    @Override
    public long purge(String queue) {
        return queue(queue).purge();
    }

    @Override
    public String describe() {
        return "in-process";
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(MemorySubscription::close);
    }

    private MemoryQueue queue(String name) {
        MemoryQueue queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("no queue named " + name + " was declared");
        }
        return queue;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the in-process broker is closed");
        }
    }
}
