package scalelab.flashsale;

import java.util.Locale;

/** What processes queued orders: a pool of workers, or a function under the local serverless runtime. */
public enum Processor {
    WORKERS,
    FUNCTION;

    /** {@code workers} or {@code function}, any case. */
    public static Processor parse(String text) {
        for (Processor processor : values()) {
            if (processor.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return processor;
            }
        }
        throw new IllegalArgumentException("processor must be workers or function but was " + text);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
