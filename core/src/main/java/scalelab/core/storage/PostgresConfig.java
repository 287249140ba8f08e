package scalelab.core.storage;

import java.time.Duration;

/**
 * How to reach PostgreSQL.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
 * @param poolName name of the HikariCP pool, shown in logs and metrics
 * @param maxPoolSize most connections the pool opens (default 10)
 * @param connectTimeout longest wait for a connection (default {@link Postgres#DEFAULT_CONNECT_TIMEOUT})
 * @param statementTimeout longest a statement may run (default {@link Postgres#DEFAULT_STATEMENT_TIMEOUT})
 */
public record PostgresConfig(
        String jdbcUrl, String poolName, int maxPoolSize, Duration connectTimeout, Duration statementTimeout) {

    /** Default number of pooled connections. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    public PostgresConfig {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1 but was " + maxPoolSize);
        }
    }

    public static PostgresConfig of(String jdbcUrl) {
        return new PostgresConfig(
                jdbcUrl,
                "scalelab",
                DEFAULT_MAX_POOL_SIZE,
                Postgres.DEFAULT_CONNECT_TIMEOUT,
                Postgres.DEFAULT_STATEMENT_TIMEOUT);
    }

    public PostgresConfig withPoolName(String name) {
        return new PostgresConfig(jdbcUrl, name, maxPoolSize, connectTimeout, statementTimeout);
    }
}
