package scalelab.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import scalelab.core.config.Redact;

/**
 * Opens a pooled PostgreSQL connection and brings its schema up to date with Flyway.
 *
 * <pre>{@code
 * HikariDataSource db = Postgres.open(PostgresConfig.of("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
 * Postgres.migrate(db, "albums", "classpath:db/albums"); // one schema history table per module
 * }</pre>
 */
public final class Postgres {
    private Postgres() {}

    /**
     * A HikariCP pool with explicit timeouts: connecting, waiting for a pooled connection, and every
     * statement (server-side {@code statement_timeout}).
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
     * @throws StorageUnavailableException when no connection can be made within the connect timeout
     */
    public static HikariDataSource open(PostgresConfig config) {
        if (!config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database URL must start with jdbc:postgresql: but was " + Redact.credentials(config.jdbcUrl()));
        }
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setPoolName(config.poolName());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setInitializationFailTimeout(config.connectTimeout().toMillis());
        hikari.addDataSourceProperty(
                "connectTimeout", Math.max(1, config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty(
                "socketTimeout", Math.max(1, config.statementTimeout().toSeconds() + 5));
        hikari.addDataSourceProperty(
                "options", "-c statement_timeout=" + config.statementTimeout().toMillis());
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageUnavailableException(
                    "cannot connect to PostgreSQL at " + Redact.credentials(config.jdbcUrl()) + ": " + rootMessage(e),
                    e);
        }
    }

    /**
     * Applies the Flyway migrations under {@code location} (e.g. {@code classpath:db/albums}), keeping
     * their history in {@code flyway_<name>} so modules sharing one database do not collide.
     */
    public static void migrate(DataSource db, String name, String location) {
        Flyway.configure()
                .dataSource(db)
                .locations(location)
                .table("flyway_" + name)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** {@code jdbcUrl} with its {@code currentSchema} parameter set, for a store kept in its own schema. */
    public static String withCurrentSchema(String jdbcUrl, String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default limit on one SQL statement, enforced by the server. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
}
