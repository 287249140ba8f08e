package scalelab.search;

import java.lang.management.ManagementFactory;

/**
 * The machine's own CPU: a request costs what it costs. Busy time is this process's CPU time divided by the
 * cores it may use, so busy / wall is the share of the machine the process used (the JIT, the collector and
 * the HTTP server included).
 */
public final class RealCpu implements Cpu {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final long startNanos = System.nanoTime();
    private final long startCpuNanos = os.getProcessCpuTime();

    @Override
    public void serve() {}

    @Override
    public long busyNanos() {
        return (os.getProcessCpuTime() - startCpuNanos) / cores;
    }

    @Override
    public long wallNanos() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public double vcpu() {
        return cores;
    }

    @Override
    public String mode() {
        return "real";
    }
}
