package scalelab.catalog.security;

import java.nio.charset.StandardCharsets;

/**
 * Who may call the catalog's write endpoints: holders of the API key, bearers of a JWT signed (HS256)
 * with the secret, or, with neither configured, anyone. {@link #toString()} never shows the key or the
 * secret.
 *
 * @param apiKey the value {@code X-API-Key} must carry; null (or blank) = no API key accepted
 * @param jwtSecret the HS256 secret of accepted bearer JWTs, at least {@link #MIN_JWT_SECRET_BYTES} bytes
 *     of UTF-8; null (or blank) = no JWT accepted
 */
public record SecurityConfig(String apiKey, String jwtSecret) {
    /** Shortest HS256 secret accepted, in bytes: 32 (256 bits, the size of the hash; RFC 7518 §3.2). */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_JWT_SECRET_BYTES} bytes
     *     (the message gives its length, never its value)
     */
    public SecurityConfig {
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        jwtSecret = jwtSecret == null || jwtSecret.isBlank() ? null : jwtSecret;
        if (jwtSecret != null) {
            int bytes = jwtSecret.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_JWT_SECRET_BYTES) {
                throw new IllegalArgumentException("--jwt-secret must be at least " + MIN_JWT_SECRET_BYTES
                        + " bytes for HS256 but was " + bytes + " bytes");
            }
        }
    }

    /** No credentials: every endpoint is open. */
    public static SecurityConfig open() {
        return new SecurityConfig(null, null);
    }

    public static SecurityConfig apiKey(String apiKey) {
        return new SecurityConfig(apiKey, null);
    }

    public static SecurityConfig jwt(String jwtSecret) {
        return new SecurityConfig(null, jwtSecret);
    }

    /** Whether nothing is configured, so that writes are open to anyone. */
    public boolean isOpen() {
        return apiKey == null && jwtSecret == null;
    }

    /** {@code open}, {@code api-key}, {@code jwt} or {@code api-key+jwt}: for the startup log line. */
    public String mode() {
        if (isOpen()) {
            return "open";
        }
        return apiKey != null && jwtSecret != null ? "api-key+jwt" : apiKey != null ? "api-key" : "jwt";
    }

    @Override
    public String toString() {
        return "SecurityConfig[mode=" + mode() + "]"; // never the key or the secret
    }
}
