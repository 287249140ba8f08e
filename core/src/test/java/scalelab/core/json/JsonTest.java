package scalelab.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void oneValueIsRead() {
        assertThat(Json.read("{\"a\":1} \n", JsonNode.class).get("a").intValue())
                .isEqualTo(1);
    }

    @Test
    void contentAfterTheValueIsMalformed() {
        assertThatThrownBy(() -> Json.read("{\"a\":1}xyz", JsonNode.class)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> Json.read("{\"a\":1}{\"a\":2}", Map.class)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void theSameKeyTwiceIsMalformed() {
        assertThatThrownBy(() -> Json.read("{\"a\":1,\"a\":2}", JsonNode.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }
}
