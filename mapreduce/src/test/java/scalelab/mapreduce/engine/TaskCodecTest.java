package scalelab.mapreduce.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.core.messaging.Message;

class TaskCodecTest {
    private static final byte[] TEXT = TestTexts.random(7, 50_000).getBytes(StandardCharsets.UTF_8);

    private static Blob entries(boolean compress) {
        var writer = new Entries.Writer(16);
        writer.add("the", 1_000_000_000_000L);
        writer.add("café", 3);
        writer.add("日本語", 1);
        for (int i = 0; i < 500; i++) writer.add("w" + i, i + 1);
        return writer.toBlob(compress);
    }

    @ParameterizedTest(name = "compressed: {0}")
    @ValueSource(booleans = {false, true})
    void mapTaskRoundTrips(boolean compress) {
        var task = new MapTask("job-1", 3, 2, 5, 1L << 33, Blob.raw(TEXT, 0, TEXT.length, 0));
        Message message = TaskCodec.encode(task, compress);

        MapTask decoded = TaskCodec.decodeMapTask(message.body());

        assertThat(decoded.chunk().deflated()).isEqualTo(compress);
        assertThat(decoded.chunk().inflated()).isEqualTo(task.chunk());
        assertThat(new MapTask(
                        decoded.jobId(),
                        decoded.task(),
                        decoded.attempt(),
                        decoded.partitions(),
                        decoded.offset(),
                        decoded.chunk().inflated()))
                .isEqualTo(task);
        assertThat(message.headers())
                .containsEntry("job", "job-1")
                .containsEntry("task", "3")
                .containsEntry("attempt", "2");
        if (compress) assertThat(message.body().length).isLessThan(TEXT.length / 2);
    }

    @ParameterizedTest(name = "compressed: {0}")
    @ValueSource(booleans = {false, true})
    void mapTaskReadStraightIntoTheBodyEqualsTheEncodedOne(boolean compress) throws Exception {
        Message direct = TaskCodec.encodeMapTask(
                "job-1",
                0,
                1,
                2,
                100,
                TEXT.length,
                compress,
                (target, at, length) -> System.arraycopy(TEXT, 0, target, at, length));
        Message encoded =
                TaskCodec.encode(new MapTask("job-1", 0, 1, 2, 100, Blob.raw(TEXT, 0, TEXT.length, 0)), compress);

        assertThat(direct.body()).isEqualTo(encoded.body());
        assertThat(direct.id()).isEqualTo(encoded.id());
    }

    @ParameterizedTest(name = "compressed: {0}")
    @ValueSource(booleans = {false, true})
    void partialRoundTripsWithItsEntries(boolean compress) {
        var partial = new Partial(
                "job-1", 7, 2, 1, "mapper-1@host", 1_700_000_000_000L, 1_700_000_000_123L, entries(compress));

        Partial decoded = TaskCodec.decodePartial(TaskCodec.encode(partial).body());

        assertThat(decoded).isEqualTo(partial);
        assertThat(Entries.toMap(decoded.entries()))
                .containsEntry("the", 1_000_000_000_000L)
                .containsEntry("café", 3L)
                .containsEntry("日本語", 1L)
                .hasSize(503);
    }

    @ParameterizedTest(name = "compressed: {0}")
    @ValueSource(booleans = {false, true})
    void reduceTaskAndResultRoundTrip(boolean compress) {
        var task = new ReduceTask(
                "job-1", 1, 3, List.of(entries(compress), entries(false), new Entries.Writer(1).toBlob(compress)));
        assertThat(TaskCodec.decodeReduceTask(TaskCodec.encode(task).body())).isEqualTo(task);

        var result = new ReduceResult("job-1", 1, 3, "reducer-2@host", 5, 9, entries(compress));
        assertThat(TaskCodec.decodeResult(TaskCodec.encode(result).body())).isEqualTo(result);
    }

    @Test
    void messageIdsNameTheTaskAndAttempt() {
        var partial = new Partial("job-1", 7, 2, 1, "m", 0, 0, entries(false));
        assertThat(TaskCodec.encode(partial).id()).isEqualTo("job-1/partial/7/p2/a1");
        assertThat(TaskCodec.encode(new ReduceTask("job-1", 4, 2, List.of())).id())
                .isEqualTo("job-1/reduce/4/a2");
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> TaskCodec.decodeMapTask("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
        byte[] partial = TaskCodec.encode(new Partial("j", 0, 0, 1, "m", 0, 0, entries(false)))
                .body();
        assertThatThrownBy(() -> TaskCodec.decodeMapTask(partial))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("kind");
        byte[] truncated = Arrays.copyOf(partial, partial.length - 3);
        assertThatThrownBy(() -> TaskCodec.decodePartial(truncated)).isInstanceOf(MalformedMessageException.class);
        byte[] deflated = TaskCodec.encode(new Partial("j", 0, 0, 1, "m", 0, 0, entries(true)))
                .body();
        deflated[deflated.length - 10] ^= 0x55;
        assertThatThrownBy(() -> Entries.toMap(TaskCodec.decodePartial(deflated).entries()))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aPayloadClaimingMoreThanTheLimitIsMalformedNotAnAllocation() {
        var out = new WireWriter(16);
        Blob.writePrefix(out, true, 1, Integer.MAX_VALUE, 0);

        assertThatThrownBy(() -> Blob.read(new WireReader(out.toByteArray())))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("more than the " + Blob.MAX_RAW_LENGTH + " allowed");
    }

    @Test
    void entriesAreCompact() {
        var writer = new Entries.Writer(16);
        writer.add("the", 100);
        Blob blob = writer.toBlob(false);
        assertThat(blob.length()).isEqualTo(1 + 3 + 1); // length, "the", count
        assertThat(Entries.toMap(blob)).isEqualTo(Map.of("the", 100L));
    }

    @Test
    void partitionsAreStableAndInRange() {
        assertThat(Partitioner.partition("the", 1)).isZero();
        for (String word : List.of("the", "café", "日本語", "x")) {
            int p = Partitioner.partition(word, 7);
            assertThat(p).isBetween(0, 6).isEqualTo(Partitioner.partition(word, 7));
        }
        assertThat(Partitioner.partition("the", 7))
                .isEqualTo(scalelab.mapreduce.text.WordHash.partition(scalelab.mapreduce.text.WordHash.of("the"), 7));
    }
}
