package scalelab.mapreduce.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scalelab.core.messaging.DeliveryHandler;
import scalelab.core.messaging.InProcessBroker;
import scalelab.core.messaging.Message;
import scalelab.mapreduce.text.WordCounts;

/** Redelivered tasks, duplicate answers, hung mappers and poison tasks: the result stays exact, or the job fails. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatorFaultsTest {
    private static final Topology TOPOLOGY = Topology.defaults();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private InProcessBroker inProcess;
    private FaultyBroker broker;
    private String text;
    private Path input;
    private Coordinator coordinator;
    private WorkerPool workers;

    @BeforeEach
    void setUp() throws Exception {
        inProcess = new InProcessBroker();
        broker = new FaultyBroker(inProcess);
        text = TestTexts.random(3, 200_000);
        input = TestTexts.write(dir, "input.txt", text);
    }

    @AfterEach
    void tearDown() {
        if (workers != null) workers.close();
        if (coordinator != null) coordinator.close();
        inProcess.close();
    }

    private Job start(CoordinatorConfig config, int mappers, int reducers) throws Exception {
        coordinator = Coordinator.start(broker, config, TestPlanner::plan, Clock.systemUTC());
        workers = WorkerPool.start(broker, TOPOLOGY, mappers, reducers, false);
        return coordinator.submit(input, new JobSpec(6, reducers, 16 * 1024), false);
    }

    private WordCounts expected() {
        return WordCounts.ofText(text);
    }

    @Test
    void everyPartialAndResultSentTwiceIsCountedOnce() throws Exception {
        broker.duplicate(TOPOLOGY.partials().topic())
                .duplicate(TOPOLOGY.results().topic());

        Job job = start(CoordinatorConfig.defaults(), 2, 3);
        RunReport report = job.await(WAIT);

        assertThat(report.counts()).isEqualTo(expected());
        int answers = report.mapTasks() * 3 + 3;
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(coordinator.metrics().duplicatesIgnored()).isEqualTo(answers));
        assertThat(job.view().duplicatesIgnored()).isEqualTo(answers);
    }

    @Test
    void aPartialPublishedAgainByHandAfterTheJobIsAckedAndIgnored() throws Exception {
        var partials = new ConcurrentHashMap<String, Message>();
        broker.alter(TOPOLOGY.partials().topic(), message -> {
            partials.putIfAbsent("first", message);
            return message;
        });
        Job job = start(CoordinatorConfig.defaults(), 2, 2);
        job.await(WAIT);

        inProcess.publish(TOPOLOGY.partials().topic(), partials.get("first"), WAIT);

        await().atMost(WAIT).until(() -> coordinator.metrics().duplicatesIgnored() == 1);
        assertThat(job.counts()).contains(expected());
        assertThat(inProcess.depth(TOPOLOGY.partials().queue())).isZero();
        assertThat(inProcess.depth(TOPOLOGY.partials().deadLetterQueue())).isZero();
    }

    @Test
    void aDirectoryIsRefusedAtSubmissionAndNoJobIsKept() {
        coordinator = Coordinator.start(broker, CoordinatorConfig.defaults(), TestPlanner::plan, Clock.systemUTC());

        assertThatThrownBy(() -> coordinator.submit(dir, new JobSpec(2, 1, 16 * 1024), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a regular file");
        assertThat(coordinator.jobs()).isEmpty();
    }

    @Test
    void aPartialOfAnUnknownJobIsAckedAndDropped() throws Exception {
        Job job = start(CoordinatorConfig.defaults(), 1, 1);
        job.await(WAIT);
        var writer = new Entries.Writer(8);
        writer.add("ghost", 5);
        inProcess.publish(
                TOPOLOGY.partials().topic(),
                TaskCodec.encode(new Partial("job-unknown", 0, 0, 1, "m", 0, 0, writer.toBlob(false))),
                WAIT);

        await().atMost(WAIT).until(() -> coordinator.metrics().unknownJobMessages() == 1);
        assertThat(inProcess.depth(TOPOLOGY.partials().queue())).isZero();
    }

    @Test
    void aMapTaskWhoseHandlerCrashesOnItsFirstDeliveryIsRedeliveredAndCountedOnce() throws Exception {
        var crashed = new AtomicInteger();
        broker.wrap(TOPOLOGY.mapTasks().queue(), handler -> delivery -> {
            if (delivery.deliveryCount() == 1) {
                crashed.incrementAndGet();
                throw new IllegalStateException("mapper crashed (test)");
            }
            handler.handle(delivery);
        });

        RunReport report = start(CoordinatorConfig.defaults(), 2, 2).await(WAIT);

        assertThat(report.counts()).isEqualTo(expected());
        assertThat(crashed.get()).isEqualTo(report.mapTasks());
        assertThat(report.reissued()).isZero();
    }

    @Test
    void aMapperThatHangsOnItsFirstTaskHasTheTaskReissuedAfterTheTimeout() throws Exception {
        var release = new CountDownLatch(1);
        var hung = new AtomicBoolean();
        broker.wrap(TOPOLOGY.mapTasks().queue(), hangOnce(hung, release));
        CoordinatorConfig config = CoordinatorConfig.defaults().withTaskTimeout(Duration.ofMillis(300));

        Job job = start(config, 2, 2);
        RunReport report = job.await(WAIT);
        release.countDown(); // the hung mapper goes on and answers late: ignored

        assertThat(hung).isTrue();
        assertThat(report.counts()).isEqualTo(expected());
        assertThat(report.reissued()).isGreaterThanOrEqualTo(1);
        assertThat(job.view().mapTasks()).anyMatch(task -> task.attempts() >= 2);
        await().atMost(WAIT).until(() -> coordinator.metrics().duplicatesIgnored() >= 2);
    }

    private static java.util.function.UnaryOperator<DeliveryHandler> hangOnce(
            AtomicBoolean hung, CountDownLatch release) {
        return handler -> delivery -> {
            if (hung.compareAndSet(false, true)) {
                release.await(); // holds the delivery unsettled, as a stuck process would
            }
            handler.handle(delivery);
        };
    }

    @Test
    void aPoisonMapTaskIsDeadLetteredAndTheJobFailsWithTheReason() throws Exception {
        broker.alter(TOPOLOGY.mapTasks().topic(), message -> {
            byte[] body = message.body().clone();
            body[0] = 'X'; // not a MapReduce message any more
            return new Message(message.id(), body, message.headers());
        });

        Job job = start(CoordinatorConfig.defaults().withMaxAttempts(2), 2, 2);

        assertThatThrownBy(() -> job.await(WAIT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("dead-lettered on attempt 2 of 2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.view().error()).contains("cannot be read");
        assertThat(workers.mappers().stream().mapToLong(Mapper::deadLettered).sum())
                .isGreaterThanOrEqualTo(2);
        assertThat(coordinator.metrics().jobsFailed()).isEqualTo(1);
    }

    @Test
    void aTaskNeverAnsweredFailsTheJobAfterTheLastAttempt() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        broker.wrap(TOPOLOGY.mapTasks().queue(), handler -> delivery -> {
            seen.add(delivery.message().id());
            // never settled: a mapper that is stuck forever
        });

        Job job = start(
                CoordinatorConfig.defaults()
                        .withTaskTimeout(Duration.ofMillis(200))
                        .withMaxAttempts(2),
                1,
                1);

        assertThatThrownBy(() -> job.await(WAIT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("was not done after 2 attempt(s) of 200 ms each");
    }
}
