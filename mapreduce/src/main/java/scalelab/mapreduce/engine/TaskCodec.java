package scalelab.mapreduce.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import scalelab.core.messaging.Message;

/**
 * The binary messages between the coordinator, the mappers and the reducers. Every body starts with a 4-byte
 * header: {@code 'M' 'R'}, the format version ({@value #VERSION}) and the kind (1 map task, 2 partial, 3 reduce
 * task, 4 reduce result); then varint-encoded fields (strings are a varint byte length and UTF-8), then one or more
 * {@link Blob}s, each flagged raw or deflated:
 *
 * <pre>
 * map task     job, task, attempt, partitions, offset (varlong), blob(chunk text)
 * partial      job, task, partition, attempt, worker, started, finished (epoch ms, varlong), blob(entries)
 * reduce task  job, partition, attempt, count, count x blob(entries)
 * result       job, partition, attempt, worker, started, finished, blob(entries)
 * entries      repeated: word length, word UTF-8, count (varlong)
 * </pre>
 *
 * The message also carries string headers {@code kind}, {@code job}, {@code task} (or partition) and {@code
 * attempt}, for logs and for a dead-lettered message whose body cannot be read.
 */
public final class TaskCodec {
    /** The wire format's version; a body of another version is malformed. */
    public static final int VERSION = 1;

    static final int MAP_TASK = 1;
    static final int PARTIAL = 2;
    static final int REDUCE_TASK = 3;
    static final int RESULT = 4;

    public static final String KIND_HEADER = "kind";
    public static final String JOB_HEADER = "job";
    public static final String TASK_HEADER = "task";
    public static final String ATTEMPT_HEADER = "attempt";

    private TaskCodec() {}

    /** Reads a chunk's bytes straight into a message body. */
    @FunctionalInterface
    public interface ChunkReader {
        void readInto(byte[] target, int offset, int length) throws IOException;
    }

    // ---- map task

    public static Message encode(MapTask task, boolean compress) {
        Blob chunk = task.chunk().deflated() || !compress
                ? task.chunk()
                : Blob.of(
                        task.chunk().array(),
                        task.chunk().offset(),
                        task.chunk().length(),
                        0,
                        true);
        WireWriter out = mapTaskFields(task.jobId(), task.task(), task.attempt(), task.partitions(), task.offset());
        chunk.writeTo(out);
        return mapTaskMessage(task.jobId(), task.task(), task.attempt(), out.toByteArray());
    }

    /**
     * A map task whose chunk is read straight into the message body (one copy from the file, none after) unless
     * {@code compress}, which reads it then deflates it.
     */
    public static Message encodeMapTask(
            String jobId,
            int task,
            int attempt,
            int partitions,
            long offset,
            int length,
            boolean compress,
            ChunkReader reader)
            throws IOException {
        WireWriter out = mapTaskFields(jobId, task, attempt, partitions, offset);
        byte[] body;
        if (compress) {
            byte[] chunk = new byte[length];
            reader.readInto(chunk, 0, length);
            Blob.of(chunk, 0, length, 0, true).writeTo(out);
            body = out.toByteArray();
        } else {
            Blob.writePrefix(out, false, 0, length, length);
            int at = out.size();
            body = out.toByteArray(length);
            reader.readInto(body, at, length);
        }
        return mapTaskMessage(jobId, task, attempt, body);
    }

    private static WireWriter mapTaskFields(String jobId, int task, int attempt, int partitions, long offset) {
        WireWriter out = header(MAP_TASK, 64);
        out.writeString(jobId).writeVarInt(task).writeVarInt(attempt).writeVarInt(partitions);
        out.writeVarLong(offset);
        return out;
    }

    private static Message mapTaskMessage(String jobId, int task, int attempt, byte[] body) {
        return new Message(jobId + "/map/" + task + "/a" + attempt, body, headers("map", jobId, task, attempt));
    }

    public static MapTask decodeMapTask(byte[] body) {
        WireReader in = reader(body, MAP_TASK);
        String job = in.readString();
        int task = in.readVarInt();
        int attempt = in.readVarInt();
        int partitions = in.readVarInt();
        if (partitions < 1) throw new MalformedMessageException("a map task asks for " + partitions + " partitions");
        long offset = in.readVarLong();
        Blob chunk = Blob.read(in);
        end(in);
        return new MapTask(job, task, attempt, partitions, offset, chunk);
    }

    // ---- partial

    public static Message encode(Partial partial) {
        WireWriter out = header(PARTIAL, 64 + partial.entries().length());
        out.writeString(partial.jobId())
                .writeVarInt(partial.task())
                .writeVarInt(partial.partition())
                .writeVarInt(partial.attempt())
                .writeString(partial.worker())
                .writeVarLong(partial.startedMillis())
                .writeVarLong(partial.finishedMillis());
        partial.entries().writeTo(out);
        Map<String, String> headers = headers("partial", partial.jobId(), partial.task(), partial.attempt());
        return new Message(
                partial.jobId() + "/partial/" + partial.task() + "/p" + partial.partition() + "/a" + partial.attempt(),
                out.toByteArray(),
                withPartition(headers, partial.partition()));
    }

    public static Partial decodePartial(byte[] body) {
        WireReader in = reader(body, PARTIAL);
        var partial = new Partial(
                in.readString(),
                in.readVarInt(),
                in.readVarInt(),
                in.readVarInt(),
                in.readString(),
                in.readVarLong(),
                in.readVarLong(),
                Blob.read(in));
        end(in);
        return partial;
    }

    // ---- reduce task

    public static Message encode(ReduceTask task) {
        long size = 64;
        for (Blob blob : task.partials()) size += blob.length() + 16;
        WireWriter out = header(REDUCE_TASK, (int) Math.min(size, Integer.MAX_VALUE - 8));
        out.writeString(task.jobId())
                .writeVarInt(task.partition())
                .writeVarInt(task.attempt())
                .writeVarInt(task.partials().size());
        for (Blob blob : task.partials()) blob.writeTo(out);
        return new Message(
                task.jobId() + "/reduce/" + task.partition() + "/a" + task.attempt(),
                out.toByteArray(),
                headers("reduce", task.jobId(), task.partition(), task.attempt()));
    }

    public static ReduceTask decodeReduceTask(byte[] body) {
        WireReader in = reader(body, REDUCE_TASK);
        String job = in.readString();
        int partition = in.readVarInt();
        int attempt = in.readVarInt();
        int count = in.readVarInt();
        List<Blob> partials = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) partials.add(Blob.read(in));
        end(in);
        return new ReduceTask(job, partition, attempt, partials);
    }

    // ---- reduce result

    public static Message encode(ReduceResult result) {
        WireWriter out = header(RESULT, 64 + result.entries().length());
        out.writeString(result.jobId())
                .writeVarInt(result.partition())
                .writeVarInt(result.attempt())
                .writeString(result.worker())
                .writeVarLong(result.startedMillis())
                .writeVarLong(result.finishedMillis());
        result.entries().writeTo(out);
        return new Message(
                result.jobId() + "/result/" + result.partition() + "/a" + result.attempt(),
                out.toByteArray(),
                headers("result", result.jobId(), result.partition(), result.attempt()));
    }

    public static ReduceResult decodeResult(byte[] body) {
        WireReader in = reader(body, RESULT);
        var result = new ReduceResult(
                in.readString(),
                in.readVarInt(),
                in.readVarInt(),
                in.readString(),
                in.readVarLong(),
                in.readVarLong(),
                Blob.read(in));
        end(in);
        return result;
    }

    // ---- common

    private static WireWriter header(int kind, int capacity) {
        return new WireWriter(capacity)
                .writeByte('M')
                .writeByte('R')
                .writeByte(VERSION)
                .writeByte(kind);
    }

    private static WireReader reader(byte[] body, int kind) {
        var in = new WireReader(body);
        if (body.length < 4 || in.readByte() != 'M' || in.readByte() != 'R') {
            throw new MalformedMessageException("not a MapReduce message (no 'MR' header)");
        }
        int version = in.readByte();
        if (version != VERSION) throw new MalformedMessageException("unknown message format version " + version);
        int actual = in.readByte();
        if (actual != kind)
            throw new MalformedMessageException("expected a message of kind " + kind + ", got " + actual);
        return in;
    }

    private static void end(WireReader in) {
        if (in.hasMore()) throw new MalformedMessageException("the message has bytes after its last field");
    }

    private static Map<String, String> headers(String kind, String job, int task, int attempt) {
        return Map.of(
                KIND_HEADER,
                kind,
                JOB_HEADER,
                job,
                TASK_HEADER,
                Integer.toString(task),
                ATTEMPT_HEADER,
                Integer.toString(attempt));
    }

    private static Map<String, String> withPartition(Map<String, String> headers, int partition) {
        var all = new java.util.HashMap<>(headers);
        all.put("partition", Integer.toString(partition));
        return all;
    }
}
