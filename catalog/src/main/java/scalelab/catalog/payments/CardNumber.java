package scalelab.catalog.payments;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import scalelab.catalog.Input;
import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;

/**
 * A credit card number that passed the checks: 13 to 19 ASCII digits, no spaces or dashes (they are
 * rejected, not stripped: the wire contract says "13..19 digits"), and a valid Luhn checksum.
 *
 * <p>The number never leaves this class whole: {@link #toString()} (and its JSON form) is masked as
 * {@code **** **** **** 4242}, and no message about a bad number quotes more than its last 4 digits.
 */
public final class CardNumber {
    /** Fewest digits a card number has. */
    public static final int MIN_DIGITS = 13;
    /** Most digits a card number has. */
    public static final int MAX_DIGITS = 19;

    private final String digits;

    private CardNumber(String digits) {
        this.digits = digits;
    }

    /**
     * Parses a card number.
     *
     * @throws ApiException 400 {@code INVALID_CARD} when it is not 13-19 ASCII digits with a valid checksum
     */
    public static CardNumber parse(String text) {
        String problem = problem("credit card number", text);
        if (problem != null) {
            throw ApiException.badRequest("INVALID_CARD", "the card number is invalid", problem);
        }
        return new CardNumber(text);
    }

    /**
     * Reads the string field {@code field} of a JSON body as a card number; records a problem (and returns
     * null) when it is missing, not a string, or not a valid card number.
     */
    public static CardNumber read(JsonNode body, String field, Problems problems) {
        String text = Input.string(body, field, MIN_DIGITS, MAX_DIGITS, problems);
        if (text == null) {
            return null;
        }
        String problem = problem(field, text);
        problems.check(problem == null, problem);
        return problem == null ? new CardNumber(text) : null;
    }

    /** What is wrong with {@code text} as a card number, without quoting it; null when nothing. */
    private static String problem(String name, String text) {
        if (text == null) {
            return name + " is required";
        }
        if (text.length() < MIN_DIGITS || text.length() > MAX_DIGITS) {
            return name + " must be " + MIN_DIGITS + " to " + MAX_DIGITS + " digits";
        }
        // not Character.isDigit: that also takes full-width and other Unicode digits
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return name + " must contain only the digits 0-9, without spaces or dashes";
        }
        if (!luhnValid(text)) {
            return name + " ending in " + text.substring(text.length() - 4) + " fails the Luhn check";
        }
        return null;
    }

    /** The Luhn (mod 10) check: from the right, double every second digit, sum the digits, end in 0. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The last 4 digits, the only part that may be stored, shown or logged. */
    public String last4() {
        return digits.substring(digits.length() - 4);
    }

    /** The whole number; package-private so that only the payment service itself can see it. */
    String digits() {
        return digits;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CardNumber card && card.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    /** Masked, e.g. {@code **** **** **** 4242}, whatever the length; also the JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return "**** **** **** " + last4();
    }
}
