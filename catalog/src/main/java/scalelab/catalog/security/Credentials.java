package scalelab.catalog.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * What a service sends with its own calls to the other catalog services: the API key it was configured
 * with, else a short-lived HS256 JWT it signs with its secret, else nothing.
 *
 * <pre>{@code
 * Credentials credentials = Credentials.from(new SecurityConfig(apiKey, jwtSecret));
 * credentials.addTo(HttpRequest.newBuilder(uri));
 * }</pre>
 */
@FunctionalInterface
public interface Credentials {
    /** Lifetime of a JWT minted for one call: 5 min (it is minted anew for every call). */
    Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);

    /** Adds the credential headers to an outgoing request. */
    void addTo(HttpRequest.Builder request);

    static Credentials none() {
        return request -> {};
    }

    /** The API key when there is one, else a JWT signed with the secret, else none. */
    static Credentials from(SecurityConfig config) {
        return from(config, Clock.systemUTC());
    }

    static Credentials from(SecurityConfig config, Clock clock) {
        if (config.apiKey() != null) {
            return apiKey(config.apiKey());
        }
        if (config.jwtSecret() != null) {
            return jwt(config.jwtSecret(), "scalelab-catalog", clock);
        }
        return none();
    }

    static Credentials apiKey(String key) {
        Objects.requireNonNull(key, "key");
        return request -> request.header(Authenticator.API_KEY_HEADER, key);
    }

    /** A fresh bearer JWT on every call, subject {@code subject}, valid {@link #DEFAULT_TOKEN_LIFETIME}. */
    static Credentials jwt(String secret, String subject, Clock clock) {
        MACSigner signer;
        try {
            signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(
                    "the JWT secret must be at least " + SecurityConfig.MIN_JWT_SECRET_BYTES + " bytes", e);
        }
        return request -> request.header("Authorization", "Bearer " + sign(signer, subject, clock.instant()));
    }

    private static String sign(MACSigner signer, String subject, Instant now) {
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(DEFAULT_TOKEN_LIFETIME)))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a JWT with HS256", e);
        }
        return jwt.serialize();
    }
}
