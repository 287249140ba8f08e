package scalelab.catalog.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;

/**
 * Checks the credentials of one request, from its headers only (so before any body is read):
 *
 * <ul>
 *   <li>an {@code X-API-Key} header decides alone: the configured key (compared in constant time) passes,
 *       any other value, or any value when no key is configured, is a 403 {@code FORBIDDEN};
 *   <li>otherwise {@code Authorization: Bearer <JWT>}: it passes when it is signed with HS256 (no other
 *       algorithm, never {@code alg: none}) by the configured secret, has an {@code exp} that has not
 *       passed and no {@code nbf} still to come (each with {@link #DEFAULT_LEEWAY} of clock skew); a
 *       well-formed token that fails any of these is a 403 {@code FORBIDDEN};
 *   <li>no credentials, an empty one, another scheme ({@code Basic}…) or a bearer that is not a JWT at all
 *       (not three base64url parts) is a 401 {@code UNAUTHORIZED} with a {@code WWW-Authenticate}
 *       header: nothing was presented that could be checked, so the client must authenticate, not retry
 *       with the same credentials.
 * </ul>
 *
 * With neither a key nor a secret configured, every request passes. Keys, secrets and tokens are never
 * logged nor echoed in an answer.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    /** Clock skew allowed around {@code exp} and {@code nbf}: 30 s. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

    static final String API_KEY_HEADER = "X-API-Key";

    private final SecurityConfig config;
    private final byte[] keyDigest; // SHA-256 of the key: equal-length inputs for the constant-time compare
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration leeway;
    private final String challenge;

    private Authenticator(SecurityConfig config, Clock clock, Duration leeway) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must be >= 0 but was " + leeway);
        }
        this.leeway = leeway;
        this.keyDigest = config.apiKey() == null ? null : sha256(config.apiKey());
        try {
            this.verifier = config.jwtSecret() == null
                    ? null
                    : new MACVerifier(config.jwtSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) { // SecurityConfig already refused secrets that are too short
            throw new IllegalArgumentException("the JWT secret cannot be used for HS256", e);
        }
        var challenges = new ArrayList<String>();
        if (config.apiKey() != null) {
            challenges.add("ApiKey header=\"" + API_KEY_HEADER + "\"");
        }
        if (config.jwtSecret() != null) {
            challenges.add("Bearer realm=\"scalelab\"");
        }
        this.challenge = String.join(", ", challenges);
    }

    public static Authenticator of(SecurityConfig config) {
        return new Authenticator(config, Clock.systemUTC(), DEFAULT_LEEWAY);
    }

    /**
     * @param clock the time {@code exp} and {@code nbf} are compared with
     * @param leeway clock skew allowed on both sides (default {@link #DEFAULT_LEEWAY})
     */
    public static Authenticator of(SecurityConfig config, Clock clock, Duration leeway) {
        return new Authenticator(config, clock, leeway);
    }

    /** Lets every request through: no key and no secret configured. */
    public static Authenticator open() {
        return of(SecurityConfig.open());
    }

    public boolean isOpen() {
        return config.isOpen();
    }

    public SecurityConfig config() {
        return config;
    }

    /**
     * Logs once, at start, how the write endpoints of {@code service} are protected: a WARN when they are
     * open to anyone, else one INFO line naming the mode (never a key or a secret).
     */
    public void announce(String service) {
        if (isOpen()) {
            log.warn(
                    "{}: no --api-key or --jwt-secret configured: write endpoints (POST/PUT/DELETE) are open to anyone",
                    service);
        } else {
            log.info("{}: write endpoints require credentials: auth={}", service, config.mode());
        }
    }

    /**
     * Passes when the request carries valid credentials (or nothing is configured).
     *
     * @throws ApiException 401 {@code UNAUTHORIZED} (with {@code WWW-Authenticate}) or 403 {@code FORBIDDEN},
     *     as the class comment says
     */
    public void check(Exchange exchange) {
        if (isOpen()) {
            return;
        }
        String key = exchange.header(API_KEY_HEADER).orElse("");
        if (!key.isEmpty()) {
            if (keyDigest == null || !MessageDigest.isEqual(keyDigest, sha256(key))) {
                throw forbidden(exchange, "the API key is not valid");
            }
            return;
        }
        String authorization = exchange.header("Authorization").orElse("").strip();
        if (authorization.isEmpty()) {
            throw unauthorized(exchange, "credentials are required: send " + accepted());
        }
        if (!authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw unauthorized(exchange, "only Bearer authorization is accepted: send " + accepted());
        }
        checkToken(exchange, authorization.substring("bearer ".length()).strip());
    }

    private void checkToken(Exchange exchange, String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw unauthorized(exchange, "the bearer token is not a JWT");
        }
        if (verifier == null) {
            throw forbidden(exchange, "this service accepts no bearer tokens");
        }
        if (!(jwt instanceof SignedJWT signed)) { // alg none (PlainJWT) or encrypted
            throw forbidden(exchange, "the bearer token is not signed");
        }
        if (!JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
            throw forbidden(exchange, "the bearer token must be signed with HS256");
        }
        JWTClaimsSet claims;
        try {
            if (!signed.verify(verifier)) {
                throw forbidden(exchange, "the bearer token's signature is not valid");
            }
            claims = signed.getJWTClaimsSet();
        } catch (JOSEException | ParseException e) {
            throw forbidden(exchange, "the bearer token cannot be verified");
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw forbidden(exchange, "the bearer token has no expiry (exp)");
        }
        if (now.isAfter(expiry.toInstant().plus(leeway))) {
            throw forbidden(exchange, "the bearer token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(leeway))) {
            throw forbidden(exchange, "the bearer token is not valid yet (nbf)");
        }
    }

    private String accepted() {
        return config.apiKey() != null && config.jwtSecret() != null
                ? "X-API-Key or Authorization: Bearer <JWT>"
                : config.apiKey() != null ? "X-API-Key" : "Authorization: Bearer <JWT>";
    }

    private ApiException unauthorized(Exchange exchange, String message) {
        log.debug("{} {} -> 401: {}", exchange.method(), exchange.path(), message);
        exchange.header("WWW-Authenticate", challenge);
        return new ApiException(401, "UNAUTHORIZED", message, null);
    }

    private static ApiException forbidden(Exchange exchange, String message) {
        log.debug("{} {} -> 403: {}", exchange.method(), exchange.path(), message);
        return new ApiException(403, "FORBIDDEN", message, null);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
