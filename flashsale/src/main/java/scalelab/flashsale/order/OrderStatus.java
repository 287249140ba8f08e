package scalelab.flashsale.order;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An order's life: pending (accepted, queued) -> processing (payment running) -> completed or failed. */
public enum OrderStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    /** The wire form, lower case as in API.md. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed and failed are final: nothing changes an order after them. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
