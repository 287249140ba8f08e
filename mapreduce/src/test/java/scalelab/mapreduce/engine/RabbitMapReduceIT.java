package scalelab.mapreduce.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.messaging.RabbitBroker;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.RabbitVhost;

/**
 * The whole job over the real RabbitMQ (a throwaway vhost each): exact results, a mapper whose connection closes
 * while it holds a task (the task goes back to the queue, unacked, and another mapper counts it), duplicate answers.
 * Small inputs: quick.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RabbitMapReduceIT {
    private static final Topology TOPOLOGY = Topology.defaults();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private RabbitVhost vhost;
    private String text;
    private Path input;

    @BeforeEach
    void setUp() throws Exception {
        vhost = RabbitVhost.create();
        text = TestTexts.random(21, 300_000);
        input = TestTexts.write(dir, "input.txt", text);
    }

    @AfterEach
    void tearDown() {
        if (vhost != null) vhost.close();
    }

    private WordCounts expected() {
        return WordCounts.ofText(text);
    }

    @Test
    void aWholeJobOverRabbitMqEqualsTheReference() throws Exception {
        try (var broker = RabbitBroker.open(vhost.url())) {
            RunReport report = LocalRun.run(
                    broker, input, new RunOptions(2, 3, 4, 32 * 1024, WAIT), TestPlanner::plan, view -> {});

            assertThat(report.counts()).isEqualTo(expected());
            assertThat(report.mapTasks()).isGreaterThanOrEqualTo(9);
            assertThat(report.reduceTasks()).isEqualTo(3);
            assertThat(broker.depth(TOPOLOGY.mapTasks().queue())).isZero();
            assertThat(broker.depth(TOPOLOGY.mapTasks().deadLetterQueue())).isZero();
        }
    }

    @Test
    void aMapperWhoseConnectionClosesMidTaskHasTheTaskRedeliveredAndTheResultIsExact() throws Exception {
        var taken = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var held = new AtomicBoolean();
        try (var coordinatorBroker = RabbitBroker.open(vhost.url());
                var coordinator = Coordinator.start(
                        coordinatorBroker, CoordinatorConfig.defaults(), TestPlanner::plan, Clock.systemUTC());
                var reducers = WorkerPool.start(coordinatorBroker, TOPOLOGY, 0, 2, false)) {
            var victimConnection = RabbitBroker.open(vhost.url());
            var victimBroker = new FaultyBroker(victimConnection)
                    .wrap(TOPOLOGY.mapTasks().queue(), handler -> d -> {
                        if (held.compareAndSet(false, true)) {
                            taken.countDown();
                            release.await(); // in the middle of the task, unacked
                        }
                        handler.handle(d);
                    });
            var victim = Mapper.start(victimBroker, TOPOLOGY, WorkerConfig.of("victim", 1, false));

            Job job = coordinator.submit(input, new JobSpec(4, 2, 32 * 1024), false);
            assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
            victimConnection.close(); // the channel closes without an ack: RabbitMQ requeues what it held
            release.countDown(); // the victim goes on, and cannot publish: nothing of it is counted
            try (var survivors = WorkerPool.start(coordinatorBroker, TOPOLOGY, 2, 0, false)) {
                RunReport report = job.await(WAIT);

                assertThat(report.counts()).isEqualTo(expected());
                assertThat(report.reissued()).isZero(); // redelivered by RabbitMQ, not re-issued on a time-out
                assertThat(victim.tasksDone()).isZero();
                assertThat(survivors.mapTasksDone()).isEqualTo(report.mapTasks());
            }
        }
    }

    @Test
    void duplicateAnswersOverRabbitMqAreCountedOnce() throws Exception {
        try (var rabbit = RabbitBroker.open(vhost.url())) {
            var broker = new FaultyBroker(rabbit)
                    .duplicate(TOPOLOGY.partials().topic())
                    .duplicate(TOPOLOGY.results().topic());
            try (var coordinator = Coordinator.start(
                            broker, CoordinatorConfig.defaults(), TestPlanner::plan, Clock.systemUTC());
                    var workers = WorkerPool.start(broker, TOPOLOGY, 2, 2, false)) {
                RunReport report = coordinator
                        .submit(input, new JobSpec(3, 2, 64 * 1024), false)
                        .await(WAIT);

                assertThat(report.counts()).isEqualTo(expected());
                org.awaitility.Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> coordinator.metrics().duplicatesIgnored() == report.mapTasks() * 2L + 2);
            }
        }
    }
}
