package scalelab.scaling.autoscale;

import java.net.URI;
import java.time.Duration;

/** One running instance of the scaled service, as its supervisor sees it. */
public interface Instance {
    /** A short name for logs: {@code search-3 pid=1234}. */
    String id();

    URI uri();

    boolean isAlive();

    /** Ends it at once (SIGKILL for a process): what a crash looks like. */
    void kill();

    /** Asks it to stop (SIGTERM) and waits up to {@code grace}, then kills it. */
    void stop(Duration grace);
}
