package scalelab.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The roles of {@code scalelab up --processes}, each one child process of this jar: the services on the ports
 * {@code scalelab up} gives them (from the base port up), and the workers, whose health servers take the ports
 * after those. The broker and database URLs reach the children through the environment ({@code
 * SCALELAB_BROKER_URL}, {@code SCALELAB_DB_URL}), never on a command line, where {@code ps} would show passwords.
 *
 * <p>Ports: albums base, kv +1, catalog +2, product +3, cart +4, flashsale +5, mapreduce +6, search +7 and the
 * load balancer in front of it +8 (as {@code scalelab up}); the workers' health servers from +9 on, in the order
 * of {@link #roles()}.
 */
record ProcessPlan(String host, int basePort, int flashSaleWorkers, int mappers, int reducers) {
    /** Offset of the first worker's health port from the base port. */
    static final int FIRST_WORKER_OFFSET = 9;

    ProcessPlan {
        if (basePort < 1 || basePort + FIRST_WORKER_OFFSET + flashSaleWorkers + mappers + reducers > 65_535) {
            throw new IllegalArgumentException("--base-port leaves too few ports above it: " + basePort);
        }
        if (flashSaleWorkers < 1 || mappers < 1 || reducers < 1) {
            throw new IllegalArgumentException("--flashsale-workers, --mappers and --reducers must be >= 1 but were "
                    + flashSaleWorkers + ", " + mappers + ", " + reducers);
        }
    }

    /**
     * One child: its name, the port of its {@code /health} (the service's own, or a worker's health server), whether
     * it serves an API (else it is a worker), and its {@code scalelab} arguments.
     */
    record Role(String name, int port, boolean service, List<String> args) {
        Role {
            args = List.copyOf(args);
        }
    }

    /** The address the children's URLs use: the listening host, or loopback when it listens on every address. */
    String connectHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    List<Role> roles() {
        var roles = new ArrayList<Role>();
        roles.add(service("albums", 0, "albums"));
        roles.add(service("kv", 1, "kv"));
        roles.add(service("catalog", 2, "catalog"));
        roles.add(service("product", 3, "resilience", "product"));
        Role cart = service("cart", 4, "resilience", "cart");
        roles.add(withArgs(cart, "--product-url", "http://" + connectHost() + ":" + (basePort + 3)));
        roles.add(withArgs(service("flashsale", 5, "flashsale"), "--workers", "0")); // the workers run apart
        roles.add(service("mapreduce", 6, "mapreduce", "coordinator")); // no mappers of its own on amqp
        roles.add(service("search", 7, "search"));
        Role lb = service("lb", 8, "scaling", "lb");
        roles.add(withArgs(lb, "--target", "http://" + connectHost() + ":" + (basePort + 7)));
        int port = basePort + FIRST_WORKER_OFFSET;
        for (int i = 1; i <= flashSaleWorkers; i++) {
            roles.add(worker("flashsale-worker-" + i, port++, "flashsale", "worker"));
        }
        for (int i = 1; i <= mappers; i++) {
            roles.add(worker("mapper-" + i, port++, "mapreduce", "mapper"));
        }
        for (int i = 1; i <= reducers; i++) {
            roles.add(worker("reducer-" + i, port++, "mapreduce", "reducer"));
        }
        return List.copyOf(roles);
    }

    private Role service(String name, int offset, String... command) {
        int port = basePort + offset;
        var args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--host", host, "--port", Integer.toString(port)));
        return new Role(name, port, true, args);
    }

    private Role worker(String name, int port, String... command) {
        var args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--health-host", host, "--health-port", Integer.toString(port)));
        return new Role(name, port, false, args);
    }

    private static Role withArgs(Role role, String... more) {
        var args = new ArrayList<>(role.args());
        args.addAll(List.of(more));
        return new Role(role.name(), role.port(), role.service(), args);
    }
}
