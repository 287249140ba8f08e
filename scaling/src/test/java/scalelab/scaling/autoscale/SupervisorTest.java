package scalelab.scaling.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.scaling.lb.TargetRegistry;
import scalelab.testkit.TestHttp;

/** The supervisor on real child processes (a small JVM each): it replaces an instance that was killed. */
class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path logs;

    private final List<String> registry = new CopyOnWriteArrayList<>();
    private final TargetRegistry recording = new TargetRegistry() {
        @Override
        public boolean register(URI target) {
            registry.add("+" + target);
            return true;
        }

        @Override
        public void deregister(URI target) {
            registry.add("-" + target);
        }
    };
    private Supervisor supervisor;

    private ProcessLauncher launcher() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessLauncher(
                "fake",
                List.of(
                        java,
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeInstanceMain.class.getName()),
                logs);
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close(); // stops every child, waits for each
        }
    }

    private static boolean serves(Instance instance) {
        try {
            return TestHttp.of(instance.uri()).get("/health").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void anInstanceWhoseRegistrationFailedIsRegisteredOnALaterPass() {
        var up = new java.util.concurrent.atomic.AtomicBoolean(false); // the balancer is down at first
        var registered = new CopyOnWriteArrayList<URI>();
        TargetRegistry flaky = new TargetRegistry() {
            @Override
            public boolean register(URI target) {
                if (!up.get()) return false;
                registered.add(target);
                return true;
            }

            @Override
            public void deregister(URI target) {}
        };
        var ports = new java.util.concurrent.atomic.AtomicInteger(9000);
        InstanceLauncher fake = () -> new Instance() {
            private final URI uri = URI.create("http://127.0.0.1:" + ports.incrementAndGet());

            @Override
            public String id() {
                return "fake " + uri.getPort();
            }

            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public boolean isAlive() {
                return true;
            }

            @Override
            public void kill() {}

            @Override
            public void stop(Duration grace) {}
        };
        supervisor = new Supervisor(fake, flaky, 2, Duration.ZERO, Clock.systemUTC());

        supervisor.reconcile();
        assertThat(registered).isEmpty();
        supervisor.reconcile(); // still down: nothing registered, nothing launched twice
        assertThat(supervisor.instances()).hasSize(2);
        assertThat(registered).isEmpty();

        up.set(true);
        supervisor.reconcile();
        assertThat(registered)
                .containsExactlyInAnyOrderElementsOf(
                        supervisor.instances().stream().map(Instance::uri).toList());
        supervisor.reconcile(); // registered once each
        assertThat(registered).hasSize(2);
    }

    @Test
    void aKilledInstanceIsReplacedAndTheReplacementRegistered() {
        supervisor = new Supervisor(launcher(), recording, 2, Duration.ZERO, Clock.systemUTC());
        supervisor.reconcile();
        List<Instance> first = supervisor.instances();
        assertThat(first).hasSize(2);
        await().atMost(WAIT).until(() -> first.stream().allMatch(SupervisorTest::serves));
        assertThat(registry)
                .containsExactly("+" + first.get(0).uri(), "+" + first.get(1).uri());

        Instance victim = first.get(0);
        victim.kill(); // SIGKILL
        assertThat(victim.isAlive()).isFalse();
        supervisor.reconcile();

        List<Instance> now = supervisor.instances();
        assertThat(now).hasSize(2).contains(first.get(1)).doesNotContain(victim);
        Instance replacement =
                now.stream().filter(i -> i != first.get(1)).findFirst().orElseThrow();
        await().atMost(WAIT).until(() -> serves(replacement));
        assertThat(registry).containsSubsequence("-" + victim.uri(), "+" + replacement.uri());
        assertThat(supervisor.activities())
                .extracting(ScalingActivity::kind)
                .containsSubsequence("launched", "launched", "died", "launched");
    }

    @Test
    void aLowerDesiredCountDeregistersThenStopsTheNewestInstance() {
        supervisor = new Supervisor(launcher(), recording, 2, Duration.ZERO, Clock.systemUTC());
        supervisor.reconcile();
        List<Instance> first = supervisor.instances();
        supervisor.setDesired(1);
        assertThat(supervisor.instances()).containsExactly(first.get(0));
        assertThat(registry).endsWith("-" + first.get(1).uri());
        await().atMost(WAIT).until(() -> !first.get(1).isAlive());
        assertThat(Set.copyOf(supervisor.activities().stream()
                        .map(ScalingActivity::kind)
                        .toList()))
                .contains("stopping");
    }
}
