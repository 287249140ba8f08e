package scalelab.mapreduce.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that writes the wire format's varints, strings and raw bytes. Not thread-safe. */
final class WireWriter {
    private byte[] buffer;
    private int size;

    WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The backing array; its first {@link #size()} bytes are what was written. */
    byte[] array() {
        return buffer;
    }

    /** A copy of exactly what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** What was written, with {@code extra} bytes of room after it (for a payload read straight into it). */
    byte[] toByteArray(int extra) {
        return Arrays.copyOf(buffer, Math.addExact(size, extra));
    }

    WireWriter writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
        return this;
    }

    /** An unsigned LEB128 varint (1 byte below 128). */
    WireWriter writeVarLong(long value) {
        if (value < 0) throw new IllegalArgumentException("a varint must be >= 0 but was " + value);
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    WireWriter writeVarInt(int value) {
        return writeVarLong(value);
    }

    WireWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** A UTF-8 string, its byte length first. */
    WireWriter writeString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarInt(utf8.length);
        return writeBytes(utf8, 0, utf8.length);
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, wanted));
            if (buffer.length - size < more) throw new IllegalStateException("a message cannot exceed 2 GB");
        }
    }
}
