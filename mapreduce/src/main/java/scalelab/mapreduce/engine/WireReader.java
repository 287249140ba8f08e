package scalelab.mapreduce.engine;

import java.nio.charset.StandardCharsets;

/** Reads what {@link WireWriter} wrote, from a slice of an array, checking every bound. Not thread-safe. */
final class WireReader {
    private final byte[] buffer;
    private final int end;
    private int position;

    WireReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    WireReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    byte[] array() {
        return buffer;
    }

    int position() {
        return position;
    }

    boolean hasMore() {
        return position < end;
    }

    int readByte() {
        if (position >= end) throw new MalformedMessageException("the message ends early");
        return buffer[position++] & 0xFF;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) throw new MalformedMessageException("a varint overflows");
                return value;
            }
        }
        throw new MalformedMessageException("a varint is longer than 10 bytes");
    }

    int readVarInt() {
        long value = readVarLong();
        if (value > Integer.MAX_VALUE) throw new MalformedMessageException("a length or index overflows: " + value);
        return (int) value;
    }

    /** Skips {@code length} bytes and returns the offset they start at. */
    int skip(int length) {
        if (length < 0 || length > end - position) {
            throw new MalformedMessageException("a field of " + length + " bytes runs past the message's end");
        }
        int start = position;
        position += length;
        return start;
    }

    String readString() {
        int length = readVarInt();
        int start = skip(length);
        return new String(buffer, start, length, StandardCharsets.UTF_8);
    }
}
