package scalelab.mapreduce.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import scalelab.core.messaging.Broker;

/** Publishes several messages at once, each on a virtual thread, so their confirms are awaited together. */
final class Publishing {
    private Publishing() {}

    /**
     * Returns once every message was published.
     *
     * @throws RuntimeException the first failure, once every publish has ended
     */
    static void all(Broker broker, String topic, List<scalelab.core.messaging.Message> messages, Duration timeout)
            throws InterruptedException {
        if (messages.size() == 1) {
            broker.publish(topic, messages.get(0), timeout);
            return;
        }
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<RuntimeException>();
        List<Thread> threads = new ArrayList<>(messages.size());
        for (var message : messages) {
            threads.add(Thread.ofVirtual().name("publish-" + topic).start(() -> {
                try {
                    broker.publish(topic, message, timeout);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) thread.join();
        RuntimeException first = failures.poll();
        if (first != null) throw first;
    }
}
