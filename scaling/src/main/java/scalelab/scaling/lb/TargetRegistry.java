package scalelab.scaling.lb;

import java.net.URI;

/**
 * Where instances are registered to get traffic: the balancer in this process, or one elsewhere through its
 * admin API ({@link RemoteBalancer}).
 */
public interface TargetRegistry {
    /**
     * Registers {@code target}; it gets traffic once it passes its health checks. Registering twice is a no-op.
     *
     * @return whether the target is registered now; false when the registry could not be reached or refused it
     *     (the caller tries again later)
     */
    boolean register(URI target);

    /** Deregisters {@code target}: no new traffic, its requests in flight drain. Unknown targets are ignored. */
    void deregister(URI target);
}
