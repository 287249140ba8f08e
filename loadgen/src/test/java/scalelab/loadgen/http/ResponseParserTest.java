package scalelab.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser on its own, fed the worst way the network can split an answer: one byte per read. */
class ResponseParserTest {
    /**
     * Feeds one byte at a time, each in a slice that starts at a nonzero array offset; true once the parser
     * says the answer is whole. The answer may be written with {@code \r} and {@code \n} escapes.
     */
    private static boolean feedByteByByte(ResponseParser parser, String answer) throws IOException {
        byte[] bytes = unescape(answer).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            if (parser.feed(ByteBuffer.wrap(bytes, i, 1).slice())) {
                assertThat(i).as("answer ended early").isEqualTo(bytes.length - 1);
                return true;
            }
        }
        return false;
    }

    private static String unescape(String answer) {
        return answer.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static ResponseParser parserFor(String method) {
        var parser = new ResponseParser();
        parser.reset("HEAD".equals(method));
        return parser;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET  | HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello                                  | 200 | hello
            GET  | HTTP/1.1 200 OK\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n3;x=y\\r\\nabc\\r\\n0\\r\\nT: 1\\r\\n\\r\\n | 200 | abc
            GET  | HTTP/1.1 204 No Content\\r\\nContent-Length: 5\\r\\n\\r\\n                          | 204 | ''
            GET  | HTTP/1.1 304 Not Modified\\r\\n\\r\\n                                               | 304 | ''
            HEAD | HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\n                                  | 200 | ''
            GET  | HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 103 Early Hints\\r\\nLink: </a>\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok | 200 | ok
            GET  | HTTP/1.1 200\\r\\nContent-Length: 2\\r\\n\\r\\nok                                       | 200 | ok
            GET  | HTTP/1.1 404 Not Found\\nContent-Length: 4\\n\\nnope                                 | 404 | nope
            """)
    void answerFedOneByteAtATimeIsWhole(String method, String answer, int status, String body) throws IOException {
        var parser = parserFor(method);

        assertThat(feedByteByByte(parser, answer)).isTrue();
        assertThat(parser.status()).isEqualTo(status);
        assertThat(new String(parser.body(), StandardCharsets.ISO_8859_1)).isEqualTo(body);
    }

    @Test
    void closeDelimitedBodyIsWholeOnlyAtTheEnd() throws IOException {
        var parser = parserFor("GET");

        assertThat(feedByteByByte(parser, "HTTP/1.1 200 OK\r\n\r\nto the end")).isFalse();
        assertThat(parser.feedEnd()).isTrue();
        assertThat(new String(parser.body(), StandardCharsets.ISO_8859_1)).isEqualTo("to the end");
        assertThat(parser.closeAfter()).isTrue();
    }

    @Test
    void answerCutShortIsNotWhole() throws IOException {
        var parser = parserFor("GET");

        assertThat(feedByteByByte(parser, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhalf"))
                .isFalse();
        assertThat(parser.feedEnd()).isFalse();
        assertThat(parser.started()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "'HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n', false",
        "'HTTP/1.1 200 OK\\r\\nConnection: close\\r\\nContent-Length: 0\\r\\n\\r\\n', true",
        "'HTTP/1.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n', true",
        "'HTTP/1.0 200 OK\\r\\nConnection: Keep-Alive\\r\\nContent-Length: 0\\r\\n\\r\\n', false",
    })
    void connectionIsKeptOnlyWhenTheAnswerAllowsIt(String answer, boolean closeAfter) throws IOException {
        var parser = parserFor("GET");

        assertThat(feedByteByByte(parser, answer)).isTrue();
        assertThat(parser.closeAfter()).isEqualTo(closeAfter);
    }

    @Test
    void parserIsReusedForTheNextAnswer() throws IOException {
        var parser = parserFor("GET");
        feedByteByByte(parser, "HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbad");

        parser.reset(false);

        assertThat(parser.started()).isFalse();
        assertThat(feedByteByByte(parser, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
                .isTrue();
        assertThat(parser.status()).isEqualTo(200);
        assertThat(parser.body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("ok");
        assertThat(parser.closeAfter()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "'SSH-2.0-OpenSSH_9.6\\r\\n', not an HTTP",
        "'HTTP/1.1 2xx OK\\r\\n', bad status line",
        "'HTTP/1.1 200 OK\\r\\nContent-Length: ten\\r\\n\\r\\n', bad Content-Length",
        "'HTTP/1.1 200 OK\\r\\nContent-Length: -5\\r\\n\\r\\n', bad Content-Length",
        "'HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n', bad chunk size",
        "'HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-1\\r\\n', bad chunk size",
    })
    void malformedAnswerIsRejected(String answer, String message) {
        var parser = parserFor("GET");

        assertThatThrownBy(() -> feedByteByByte(parser, answer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(message);
    }

    @Test
    void overlongHeaderLineIsRejected() {
        var parser = parserFor("GET");
        var answer = "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n";

        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than");
    }
}
