package scalelab.core.config;

import java.util.regex.Pattern;

/** Hides credentials in connection strings before they are logged or printed. */
public final class Redact {
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    private Redact() {}

    /**
     * {@code amqp://guest:secret@host/} becomes {@code amqp://***@host/}; a JDBC {@code password=}
     * parameter becomes {@code password=***}.
     */
    public static String credentials(String url) {
        if (url == null) {
            return null;
        }
        String hidden = USER_INFO.matcher(url).replaceAll("$1***@");
        return PASSWORD_PARAM.matcher(hidden).replaceAll("$1***");
    }
}
