package scalelab.mapreduce.engine;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A payload inside a message, a view of {@code array[offset, offset + length)} (no copy): a chunk's text or a
 * list of entries, stored raw or deflated ({@link Deflater#BEST_SPEED}). On the wire: {@code flags} (1 byte, bit
 * 0 = deflated), {@code items}, {@code rawLength}, {@code length} (varints), then the stored bytes.
 *
 * @param deflated whether the stored bytes are deflated
 * @param items the entries in it (0 for a chunk of text)
 * @param rawLength bytes once inflated
 */
public record Blob(boolean deflated, int items, int rawLength, byte[] array, int offset, int length) {
    private static final int DEFLATED = 1;
    /** The most bytes a payload may inflate to (a message claiming more is malformed, not an allocation). */
    static final int MAX_RAW_LENGTH = 256 << 20;

    public Blob {
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IllegalArgumentException("a blob of " + length + " bytes at " + offset + " overruns its array");
        }
        if (!deflated && rawLength != length) {
            throw new IllegalArgumentException("a raw blob's length is its raw length");
        }
    }

    /** Raw bytes, not copied. */
    public static Blob raw(byte[] array, int offset, int length, int items) {
        return new Blob(false, items, length, array, offset, length);
    }

    /** The bytes deflated when {@code compress} and that makes them smaller, else raw (not copied). */
    public static Blob of(byte[] array, int offset, int length, int items, boolean compress) {
        if (!compress || length < 64) {
            return raw(array, offset, length, items);
        }
        var deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(array, offset, length);
            deflater.finish();
            byte[] out = new byte[length + (length >> 12) + 64];
            int size = 0;
            while (!deflater.finished()) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                size += deflater.deflate(out, size, out.length - size);
            }
            return size < length ? new Blob(true, items, length, out, 0, size) : raw(array, offset, length, items);
        } finally {
            deflater.end();
        }
    }

    /** This blob with raw bytes: itself when raw, else inflated into a new array. */
    public Blob inflated() {
        if (!deflated) {
            return this;
        }
        var inflater = new Inflater();
        try {
            inflater.setInput(array, offset, length);
            byte[] out = new byte[rawLength];
            int size = 0;
            while (size < rawLength) {
                int n = inflater.inflate(out, size, rawLength - size);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                size += n;
            }
            if (size != rawLength || !inflater.finished()) {
                throw new MalformedMessageException(
                        "a deflated payload inflates to " + size + " bytes, not " + rawLength);
            }
            return raw(out, 0, rawLength, items);
        } catch (DataFormatException e) {
            throw new MalformedMessageException("a deflated payload is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    void writeTo(WireWriter out) {
        writePrefix(out, deflated, items, rawLength, length);
        out.writeBytes(array, offset, length);
    }

    /** Everything before the stored bytes, for a payload written straight after it. */
    static void writePrefix(WireWriter out, boolean deflated, int items, int rawLength, int length) {
        out.writeByte(deflated ? DEFLATED : 0);
        out.writeVarInt(items);
        out.writeVarInt(rawLength);
        out.writeVarInt(length);
    }

    static Blob read(WireReader in) {
        int flags = in.readByte();
        if ((flags & ~DEFLATED) != 0) throw new MalformedMessageException("unknown payload flags " + flags);
        boolean deflated = (flags & DEFLATED) != 0;
        int items = in.readVarInt();
        int rawLength = in.readVarInt();
        int length = in.readVarInt();
        if (rawLength > MAX_RAW_LENGTH) {
            throw new MalformedMessageException(
                    "a payload claims " + rawLength + " bytes, more than the " + MAX_RAW_LENGTH + " allowed");
        }
        if (!deflated && rawLength != length) {
            throw new MalformedMessageException("a raw payload of " + length + " bytes claims " + rawLength);
        }
        int start = in.skip(length);
        return new Blob(deflated, items, rawLength, in.array(), start, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b
                && deflated == b.deflated
                && items == b.items
                && rawLength == b.rawLength
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOfRange(array, offset, offset + length)) * 31 + items;
    }

    @Override
    public String toString() {
        return "Blob[" + (deflated ? "deflated " + length + " of " : "") + rawLength + " bytes, " + items + " items]";
    }
}
