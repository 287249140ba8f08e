package scalelab.catalog.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** JWTs for tests, signed (or not) as each test needs. */
final class Tokens {
    private Tokens() {}

    static JWTClaimsSet claims(Instant notBefore, Instant expiry) {
        var claims = new JWTClaimsSet.Builder().subject("tester");
        if (notBefore != null) {
            claims.notBeforeTime(Date.from(notBefore));
        }
        if (expiry != null) {
            claims.expirationTime(Date.from(expiry));
        }
        return claims.build();
    }

    static String signed(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) {
        var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String hs256(String secret, Instant expiry) {
        return signed(JWSAlgorithm.HS256, secret, claims(null, expiry));
    }

    /** {@code alg: none}: no signature at all. */
    static String unsigned(Instant expiry) {
        return new PlainJWT(claims(null, expiry)).serialize();
    }
}
