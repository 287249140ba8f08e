package scalelab.mapreduce.engine;

import scalelab.core.messaging.Broker;
import scalelab.core.messaging.InProcessBroker;

/**
 * Whether messages' payloads are deflated ({@link java.util.zip.Deflater#BEST_SPEED}) by default, per broker.
 *
 * <p>Never on the in-process broker: a message is handed over by reference, so deflating only costs CPU. Off on
 * RabbitMQ too, measured: an 8 MB chunk of the generated corpus deflates to about a third of its size, but
 * deflating it costs more CPU time than counting it, and on a local RabbitMQ publishing and consuming the raw 8 MB
 * costs less than that (see the engine's README section and {@code CompressionBenchmark}). Turn it on
 * ({@code --compress}) when the broker is across a slow network link.
 */
public final class Compression {
    private Compression() {}

    /** The default for this broker: off in-process, off on RabbitMQ (see the class comment for why). */
    public static boolean defaultFor(Broker broker) {
        return !(broker instanceof InProcessBroker) && false;
    }
}
