package scalelab.flashsale.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import scalelab.loadgen.http.Response;

class RecordingBuyersTest {
    private static Response answer(int status, String body) {
        return new Response(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedOrderIsA503ButARequestCutByTheServiceStoppingIsNoAnswer() {
        assertThat(RecordingBuyers.status(answer(503, "{\"error\":\"PAYMENT_BUSY\",\"message\":\"busy\"}")))
                .isEqualTo(503);
        assertThat(RecordingBuyers.status(answer(503, "{\"error\":\"SHUTTING_DOWN\",\"message\":\"stopping\"}")))
                .isZero();
        assertThat(RecordingBuyers.status(answer(202, "{\"message\":\"queued\"}")))
                .isEqualTo(202);
    }
}
