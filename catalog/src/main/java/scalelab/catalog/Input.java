package scalelab.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;

/**
 * Reads the e-commerce API's input strictly, as its contract demands: path ids are int32 >= 1 (a
 * non-numeric, zero or negative id is a 400, never a 404 or a 500), body fields have their JSON type
 * (a number is not a string, a float is not an int), and every problem with a body is reported at once.
 */
public final class Input {
    private Input() {}

    /** A path id: int32 >= 1, else 400 {@code INVALID_ID}. */
    public static int pathId(String name, String text) {
        // ASCII digits only: Character.isDigit also takes full-width and other Unicode digits ("１")
        if (text != null
                && !text.isEmpty()
                && text.length() <= 10
                && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long value = Long.parseLong(text);
            if (value >= 1 && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
        }
        throw ApiException.badRequest(
                "INVALID_ID", name + " must be an integer from 1 to " + Integer.MAX_VALUE, abbreviate(text));
    }

    /** A JSON object body, else 400 {@code INVALID_BODY}. */
    public static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("INVALID_BODY", "the body must be a JSON object", null);
        }
        return body;
    }

    /** An int32 field >= {@code min}; a problem is recorded (and 0 returned) when it is not one. */
    public static int integer(JsonNode body, String field, int min, Problems problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            problems.check(false, field + " is required");
        } else if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.check(false, field + " must be an integer");
        } else if (node.intValue() < min) {
            problems.check(false, field + " must be >= " + min);
        } else {
            return node.intValue();
        }
        return 0;
    }

    /**
     * A string field of {@code minLength} to {@code maxLength} characters (code points), without control
     * characters or unpaired surrogates.
     */
    public static String string(JsonNode body, String field, int minLength, int maxLength, Problems problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            problems.check(false, field + " is required");
        } else if (!node.isTextual()) {
            problems.check(false, field + " must be a string");
        } else {
            String text = node.textValue();
            int length = text.codePointCount(0, text.length());
            if (length < minLength || length > maxLength) {
                problems.check(false, field + " must be " + minLength + " to " + maxLength + " characters");
            } else if (text.chars().anyMatch(Character::isISOControl)) {
                problems.check(false, field + " must not contain control characters");
            } else if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                // a lone surrogate ("\ud800") is not Unicode text: it cannot be written as UTF-8 or stored
                problems.check(false, field + " must be valid Unicode text");
            } else {
                return text;
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
