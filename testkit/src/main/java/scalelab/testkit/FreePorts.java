package scalelab.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a test that starts something on several consecutive ports ({@code scalelab up --base-port P} takes
 * P, P+1, ...). They are picked below Linux's ephemeral range (32768-60999): a port the kernel just handed to
 * some client's connection is taken, so "a free port from the kernel, plus one" may not be free.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private FreePorts() {}

    /** The first of {@code count} consecutive ports free on loopback now. */
    public static int range(int count) {
        if (count < 1 || count > 1000) throw new IllegalArgumentException("count must be 1..1000 but was " + count);
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOW, HIGH - count);
            if (allFree(base, count)) return base;
        }
        throw new IllegalStateException("no " + count + " consecutive free ports between " + LOW + " and " + HIGH);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
