package scalelab.core.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a piece of user input so that one 400 reports them all.
 *
 * <pre>{@code
 * var problems = new Problems();
 * problems.check(title != null && !title.isBlank(), "title must not be blank");
 * problems.check(price != null && price.signum() >= 0, "price must be >= 0");
 * problems.throwIfAny("INVALID_ALBUM", "album is invalid"); // details: "title must not be blank; ..."
 * }</pre>
 */
public final class Problems {
    private final List<String> messages = new ArrayList<>();

    /** Records {@code message} unless {@code ok}. */
    public Problems check(boolean ok, String message) {
        if (!ok) {
            messages.add(message);
        }
        return this;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Throws a 400 {@link ApiException} whose details list every recorded problem, if any. */
    public void throwIfAny(String code, String message) {
        if (!messages.isEmpty()) {
            throw ApiException.badRequest(code, message, String.join("; ", messages));
        }
    }
}
