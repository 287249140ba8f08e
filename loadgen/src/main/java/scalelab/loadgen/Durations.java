package scalelab.loadgen;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people type them: {@code 30s}, {@code 1.5s}, {@code 200ms}, {@code 2m}, {@code 1h}, {@code 0}. */
public final class Durations {
    private Durations() {}

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        String unit;
        if (t.endsWith("ms")) {
            unit = "ms";
        } else if (t.endsWith("us")) {
            unit = "us";
        } else if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h")) {
            unit = t.substring(t.length() - 1);
        } else {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 30s, 200ms, 2m)");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(t.substring(0, t.length() - unit.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 30s, 200ms, 2m)");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a duration cannot be negative: " + text);
        }
        long nanosPerUnit = switch (unit) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        return Duration.ofNanos(
                amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    }

    /** {@code 1.5 s}, {@code 20 ms}: for messages. */
    public static String format(Duration d) {
        return d.toMillis() >= 1000 ? (d.toMillis() / 1000.0) + " s" : d.toMillis() + " ms";
    }
}
