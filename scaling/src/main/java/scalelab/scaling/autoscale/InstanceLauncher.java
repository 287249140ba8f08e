package scalelab.scaling.autoscale;

/**
 * Starts instances of the scaled service. The scaling module knows no service: the command line wires a
 * launcher of {@code scalelab search} processes ({@link ProcessLauncher}); tests wire their own.
 */
@FunctionalInterface
public interface InstanceLauncher {
    /** Starts one instance and returns without waiting for it to serve (the balancer's checks tell). */
    Instance launch() throws java.io.IOException;
}
