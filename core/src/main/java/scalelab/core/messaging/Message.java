package scalelab.core.messaging;

import java.util.Map;
import java.util.Objects;

/**
 * A message: an id (the key consumers deduplicate on, e.g. an order id), a body, and string headers.
 *
 * @param id non-blank; carried as the AMQP message id
 * @param body the payload, usually UTF-8 JSON
 * @param headers application headers (may be empty)
 */
public record Message(String id, byte[] body, Map<String, String> headers) {
    public Message {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("a message id must not be blank");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public Message(String id, byte[] body) {
        this(id, body, Map.of());
    }
}
