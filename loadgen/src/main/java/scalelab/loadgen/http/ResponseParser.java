package scalelab.loadgen.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1.1 answer from bytes as they arrive: status line, headers, then a body framed by
 * Content-Length, chunked encoding, or the end of the connection. Reused for every answer on a connection.
 */
final class ResponseParser {
    private static final int MAX_LINE = 16 * 1024;

    private enum State {
        STATUS,
        HEADERS,
        FIXED_BODY,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        TRAILERS,
        UNTIL_CLOSE,
        DONE
    }

    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] body = new byte[1024];
    private int bodyLength;
    private State state;
    private boolean headRequest;
    private boolean started;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean closeAfter;
    private long remaining;

    void reset(boolean headRequest) {
        this.headRequest = headRequest;
        state = State.STATUS;
        started = false;
        status = 0;
        contentLength = -1;
        chunked = false;
        closeAfter = false;
        lineLength = 0;
        bodyLength = 0;
    }

    /** Whether any byte of the answer has arrived. */
    boolean started() {
        return started;
    }

    int status() {
        return status;
    }

    byte[] body() {
        return Arrays.copyOf(body, bodyLength);
    }

    boolean closeAfter() {
        return closeAfter;
    }

    /** Consumes bytes; true once the whole answer is in. */
    boolean feed(ByteBuffer in) throws IOException {
        started |= in.hasRemaining();
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    String text = readLine(in);
                    if (text != null) {
                        onLine(text);
                    }
                }
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    appendBody(in, n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> {
                    appendBody(in, in.remaining());
                }
                case DONE -> {}
            }
        }
        return state == State.DONE;
    }

    /** The connection ended; true if that completes the answer (a body framed by the close). */
    boolean feedEnd() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            closeAfter = true;
            return true;
        }
        return state == State.DONE;
    }

    private void appendBody(ByteBuffer in, int n) {
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        in.get(body, bodyLength, n);
        bodyLength += n;
    }

    /** The next line without its CRLF, or null when the buffer ends first (the start is kept). */
    private String readLine(ByteBuffer in) throws IOException {
        byte[] array = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        for (int i = start; i < end; i++) {
            if (array[i] == '\n') {
                appendLine(array, start, i - start);
                in.position(i + 1 - in.arrayOffset());
                int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                lineLength = 0;
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
        }
        appendLine(array, start, end - start);
        in.position(in.limit());
        return null;
    }

    private void appendLine(byte[] array, int from, int n) throws IOException {
        if (lineLength + n > MAX_LINE) {
            throw new IOException("an answer line longer than " + MAX_LINE + " bytes");
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(array, from, line, lineLength, n);
        lineLength += n;
    }

    private void onLine(String text) throws IOException {
        switch (state) {
            case STATUS -> {
                if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                    throw new IOException("not an HTTP/1.x answer: " + abbreviate(text));
                }
                status = parseStatus(text);
                closeAfter = text.startsWith("HTTP/1.0");
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (text.isEmpty()) {
                    startBody();
                } else {
                    header(text);
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = text.indexOf(';');
                long size = parseLength((semicolon < 0 ? text : text.substring(0, semicolon)).trim(), 16);
                if (size < 0) {
                    throw new IOException("bad chunk size: " + abbreviate(text));
                }
                remaining = size;
                state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void header(String text) throws IOException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String value = text.substring(colon + 1).trim();
        if (text.regionMatches(true, 0, "content-length", 0, colon) && colon == 14) {
            contentLength = parseLength(value, 10);
            if (contentLength < 0) {
                throw new IOException("bad Content-Length: " + abbreviate(value));
            }
        } else if (colon == 17 && text.regionMatches(true, 0, "transfer-encoding", 0, colon)) {
            chunked = value.regionMatches(true, value.length() - 7, "chunked", 0, 7);
        } else if (colon == 10 && text.regionMatches(true, 0, "connection", 0, colon)) {
            closeAfter = value.equalsIgnoreCase("close");
        }
    }

    private void startBody() {
        if (status < 200 && status != 101) {
            // an interim answer (100 Continue, 103 Early Hints) has no body: the final one follows it
            reset(headRequest);
            started = true;
        } else if (headRequest || status == 204 || status == 304 || status == 101) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    /** A length in the given radix, or -1 if it is not one: a sign is not allowed ("-1" would desync). */
    private static long parseLength(String text, int radix) {
        if (text.isEmpty() || Character.digit(text.charAt(0), radix) < 0) {
            return -1;
        }
        try {
            return Long.parseLong(text, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseStatus(String text) throws IOException {
        int value = 0;
        for (int i = 9; i < 12; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("bad status line: " + abbreviate(text));
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
