package scalelab.core.faults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;

/**
 * The check in front of the admin endpoints: the token comes in {@code X-Admin-Token} or, when that
 * header is absent, in {@code Authorization: Bearer <token>}. Missing is 401 {@code UNAUTHORIZED}, wrong
 * is 403 {@code FORBIDDEN}; with no token configured every request passes. The token is never logged
 * nor echoed.
 */
final class AdminToken {
    static final String HEADER = "X-Admin-Token";

    private final byte[] digest; // SHA-256 of the token: equal-length inputs for the constant-time compare

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** @param token the expected token; null or blank = open */
    static AdminToken of(String token) {
        return new AdminToken(token == null || token.isBlank() ? null : sha256(token));
    }

    boolean isOpen() {
        return digest == null;
    }

    /** @throws ApiException 401 when no token is presented, 403 when it is not the configured one */
    void check(Exchange exchange) {
        if (isOpen()) {
            return;
        }
        String presented = exchange.header(HEADER).map(String::strip).orElse("");
        if (presented.isEmpty()) {
            String authorization = exchange.header("Authorization").orElse("").strip();
            if (authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
                presented = authorization.substring("bearer ".length()).strip();
            }
        }
        if (presented.isEmpty()) {
            exchange.header("WWW-Authenticate", "Bearer realm=\"scalelab-admin\"");
            throw new ApiException(
                    401,
                    "UNAUTHORIZED",
                    "the admin token is required: send " + HEADER + " or Authorization: Bearer <token>",
                    null);
        }
        if (!MessageDigest.isEqual(digest, sha256(presented))) {
            throw new ApiException(403, "FORBIDDEN", "the admin token is not valid", null);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
