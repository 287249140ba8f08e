package scalelab.cli;

import picocli.CommandLine.Option;
import scalelab.catalog.security.SecurityConfig;

/**
 * Who may call the catalog's write endpoints. The help never shows the values (they may come from the
 * environment); prefer the environment variables, as a flag is visible in the process list.
 */
final class SecurityOptions {
    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:SCALELAB_API_KEY:-}",
            description = "Key that POST/PUT/DELETE require in the X-API-Key header; also sent on this service's"
                    + " calls to the others (env SCALELAB_API_KEY). Without it and --jwt-secret, writes are open.")
    String apiKey;

    @Option(
            names = "--jwt-secret",
            paramLabel = "SECRET",
            defaultValue = "${env:SCALELAB_JWT_SECRET:-}",
            description = "HS256 secret, at least 32 bytes: writes also accept 'Authorization: Bearer <JWT>'"
                    + " signed with it (env SCALELAB_JWT_SECRET).")
    String jwtSecret;

    /** @throws IllegalArgumentException when the secret is too short (exit 1, one line, no secret shown) */
    SecurityConfig config() {
        return new SecurityConfig(apiKey, jwtSecret);
    }
}
