package scalelab.core.messaging;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue of the {@link InProcessBroker}: the ready messages, in order, and the count of deliveries each
 * has had. Every field is guarded by {@link #lock}; consumers wait on {@link #changed}, which every change
 * that could let one of them go on signals (a message arrives, a delivery is settled, a subscription closes).
 */
final class MemoryQueue {
    /** A message in this queue and how many times it has been delivered from it. */
    static final class Stored {
        final Message message;
        int deliveries; // guarded by the queue's lock

        Stored(Message message) {
            this.message = message;
        }
    }

    /** What happens to a delivered message when it is settled. */
    enum Outcome {
        ACK,
        /** Back to the head of the queue, or to the dead-letter queue if it had its last allowed delivery. */
        RETURN,
        DEAD_LETTER
    }

    final String name;
    final int maxDeliveries;
    private final MemoryQueue deadLetters; // null for a dead-letter queue: what it dead-letters is dropped
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Stored> ready = new ArrayDeque<>();

    MemoryQueue(String name, int maxDeliveries, MemoryQueue deadLetters) {
        this.name = name;
        this.maxDeliveries = maxDeliveries;
        this.deadLetters = deadLetters;
    }

    void offer(Message message) {
        lock.lock();
        try {
            ready.addLast(new Stored(message));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a message is ready and {@code consumer} has room under its prefetch, then delivers it.
     *
     * @return the message, or null once the consumer is closed
     */
    Stored take(MemorySubscription consumer) throws InterruptedException {
        lock.lock();
        try {
            while (!consumer.closed && (ready.isEmpty() || consumer.unsettled >= consumer.prefetch)) {
                changed.await();
            }
            if (consumer.closed) {
                return null;
            }
            Stored next = ready.pollFirst();
            next.deliveries++;
            consumer.unsettled++;
            return next;
        } finally {
            lock.unlock();
        }
    }

    void settle(MemorySubscription consumer, Stored stored, Outcome outcome) {
        lock.lock();
        try {
            consumer.unsettled--;
            boolean dead =
                    outcome == Outcome.DEAD_LETTER || (outcome == Outcome.RETURN && stored.deliveries >= maxDeliveries);
            if (dead) {
                if (deadLetters != null) {
                    deadLetters.offer(stored.message);
                }
            } else if (outcome == Outcome.RETURN) {
                ready.addFirst(stored);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the consumer closed and wakes its dispatcher, under the lock so no wake-up is lost. */
    void closeConsumer(MemorySubscription consumer) {
        lock.lock();
        try {
            consumer.closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long depth() {
        lock.lock();
        try {
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    long purge() {
        lock.lock();
        try {
            int purged = ready.size();
            ready.clear();
            changed.signalAll();
            return purged;
        } finally {
            lock.unlock();
        }
    }
}
