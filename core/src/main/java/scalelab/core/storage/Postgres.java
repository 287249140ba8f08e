package scalelab.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
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
        // a statement may run statementTimeout; a streaming read (open transaction) may sit idle as long
        hikari.addDataSourceProperty(
                "options",
                "-c statement_timeout=" + config.statementTimeout().toMillis()
                        + " -c idle_in_transaction_session_timeout="
                        + config.statementTimeout().toMillis());
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

    /** Runs one statement on its own connection, with the default connect and statement timeouts. */
    public static void execute(String jdbcUrl, String sql) {
        var properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(DEFAULT_CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(DEFAULT_STATEMENT_TIMEOUT.toSeconds() + 5));
        properties.setProperty("options", "-c statement_timeout=" + DEFAULT_STATEMENT_TIMEOUT.toMillis());
        try (Connection c = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StorageUnavailableException(
                    "PostgreSQL at " + Redact.credentials(jdbcUrl) + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether something accepts TCP connections at the host and port of {@code jdbcUrl}. */
    public static boolean reachable(String jdbcUrl, Duration timeout) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        try (var socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(host, uri.getPort() < 0 ? 5432 : uri.getPort()), (int) timeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * What a failed statement means to a caller: a lost connection, a timeout, an overloaded server or a
     * serialization failure is a {@link StorageUnavailableException} (a 503, or a retry for a worker); anything
     * else (a broken constraint, bad SQL) is a bug, an {@link IllegalStateException}.
     *
     * @param message what failed, for both exceptions
     */
    public static RuntimeException failure(String message, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientException
                || e instanceof SQLRecoverableException
                || state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources
                || state.startsWith("57") // operator intervention: statement timeout, shutdown
                || state.startsWith("40")) { // serialization failure, deadlock
            return new StorageUnavailableException(message, e);
        }
        return new IllegalStateException(message, e);
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
