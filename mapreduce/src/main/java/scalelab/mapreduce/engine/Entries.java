package scalelab.mapreduce.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Word counts on the wire: each entry is the word's UTF-8 length (varint), its bytes, and its count (varint),
 * in no particular order. A partial, a reduce task's partials and a reduce result all carry them in a {@link
 * Blob}.
 */
public final class Entries {
    private Entries() {}

    /** Receives one entry: the word's UTF-8 bytes {@code utf8[offset, offset + length)} and its count. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(byte[] utf8, int offset, int length, long count);
    }

    /** Collects entries into one buffer. Not thread-safe. */
    public static final class Writer {
        private final WireWriter out;
        private int items;

        public Writer(int initialCapacity) {
            out = new WireWriter(initialCapacity);
        }

        public void add(byte[] utf8, int offset, int length, long count) {
            if (count < 1) throw new IllegalArgumentException("a count must be >= 1 but was " + count);
            out.writeVarInt(length).writeBytes(utf8, offset, length).writeVarLong(count);
            items++;
        }

        public void add(String word, long count) {
            byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
            add(utf8, 0, utf8.length, count);
        }

        public int items() {
            return items;
        }

        /** The entries, deflated when {@code compress} and that helps; not copied when raw. */
        public Blob toBlob(boolean compress) {
            return Blob.of(out.array(), 0, out.size(), items, compress);
        }
    }

    /** Hands every entry of the blob (inflated first if need be) to {@code sink}. */
    public static void forEach(Blob blob, EntrySink sink) {
        Blob raw = blob.inflated();
        var in = new WireReader(raw.array(), raw.offset(), raw.length());
        int seen = 0;
        while (in.hasMore()) {
            int length = in.readVarInt();
            int start = in.skip(length);
            long count = in.readVarLong();
            if (count < 1) throw new MalformedMessageException("an entry's count is " + count);
            sink.accept(raw.array(), start, length, count);
            seen++;
        }
        if (seen != raw.items()) {
            throw new MalformedMessageException("a payload claims " + raw.items() + " entries but holds " + seen);
        }
    }

    /** The entries as a map of word to count (summed should a word repeat): for tests and small results. */
    public static Map<String, Long> toMap(Blob blob) {
        Map<String, Long> counts = new HashMap<>();
        forEach(
                blob,
                (utf8, offset, length, count) ->
                        counts.merge(new String(utf8, offset, length, StandardCharsets.UTF_8), count, Long::sum));
        return counts;
    }
}
