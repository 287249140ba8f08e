package scalelab.concurrency.switches;

import java.util.Locale;

/**
 * The ping-pong in a JVM of its own, so that it can run on one CPU ({@code taskset -c 0}) or one carrier ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}), which cannot be set for a JVM already running. Prints one line:
 * {@code kind=VIRTUAL roundTrips=1000000 pings=... pongs=... nanos=... cpus=1 parallelism=1}.
 *
 * <pre>{@code
 * taskset -c 0 java -cp CLASSPATH scalelab.concurrency.switches.PingPongMain PLATFORM 1000000
 * }</pre>
 */
public final class PingPongMain {
    private PingPongMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: PingPongMain PLATFORM|VIRTUAL ROUND_TRIPS");
            System.exit(2);
        }
        var kind = PingPong.Kind.valueOf(args[0].toUpperCase(Locale.ROOT));
        var result = PingPong.measure(kind, Integer.parseInt(args[1]));
        System.out.printf(
                Locale.ROOT,
                "kind=%s roundTrips=%d pings=%d pongs=%d nanos=%d cpus=%d parallelism=%s%n",
                kind,
                result.roundTrips(),
                result.pings(),
                result.pongs(),
                result.elapsed().toNanos(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
    }
}
