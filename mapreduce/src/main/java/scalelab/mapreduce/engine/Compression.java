package scalelab.mapreduce.engine;

import scalelab.core.messaging.Broker;

/**
 * Whether messages' payloads are deflated ({@link java.util.zip.Deflater#BEST_SPEED}) by default: no, on either
 * broker. Measured on the 100 MB generated corpus (seed 42), 11 map tasks of 8 MiB published and consumed (2 cores,
 * RabbitMQ 3.10 quorum queue on the same machine): deflating halves the bytes (51 %) but costs about 1.1 s of CPU
 * to deflate and 0.4 s to inflate (about 85 MB/s and 240 MB/s), while the raw 92 MB went through RabbitMQ end to
 * end in 0.44 to 0.75 s, and deflated ones in 1.1 to 1.2 s; on the in-process broker a message is handed over by
 * reference, so the raw path takes 0.05 s against 1.1 s. Deflating costs more than counting the chunk (the
 * single-machine count runs at about 240 MB/s). Turn it on ({@code --compress}) when the broker is across a slow
 * network link.
 */
public final class Compression {
    private Compression() {}

    /** The default for this broker: off (see the class comment for the measurement). */
    public static boolean defaultFor(Broker broker) {
        return false;
    }
}
