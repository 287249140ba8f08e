package scalelab.scaling.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetUriTest {
    @Test
    void aTargetIsHttpHostAndPort() {
        assertThat(TargetUri.parse(" http://127.0.0.1:9001 ")).isEqualTo(URI.create("http://127.0.0.1:9001"));
        assertThat(TargetUri.parse("http://localhost:65535/")).isEqualTo(URI.create("http://localhost:65535"));
    }

    @Test
    void anythingElseIsRefusedSayingWhy() {
        assertThatThrownBy(() -> TargetUri.parse("http://127.0.0.1:99999")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> TargetUri.parse("http://127.0.0.1:0")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> TargetUri.parse("http://127.0.0.1")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> TargetUri.parse("https://127.0.0.1:1")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> TargetUri.parse("ftp://x")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> TargetUri.parse("http://u@127.0.0.1:1")).hasMessageContaining("user");
        assertThatThrownBy(() -> TargetUri.parse("http://127.0.0.1:1/path")).hasMessageContaining("path");
        assertThatThrownBy(() -> TargetUri.parse("http://127.0.0.1:1?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> TargetUri.parse("http://[::1:1")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> TargetUri.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetUri.parse("http://" + "a".repeat(300) + ":1"))
                .hasMessageContaining("host")
                .hasMessageContaining("...'");
    }
}
