package scalelab.flashsale;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;
import scalelab.core.config.Redact;
import scalelab.core.storage.Postgres;
import scalelab.core.storage.PostgresConfig;
import scalelab.core.storage.StorageUnavailableException;

/**
 * The flash sale's PostgreSQL database: one connection pool shared by the order store and the charge ledger,
 * whose tables live in one schema ({@value #DEFAULT_SCHEMA} unless told otherwise) with their own Flyway
 * history table, {@code flyway_flashsale}. The order API and every worker process open the same database.
 *
 * <pre>{@code
 * try (var db = FlashSaleDatabase.open("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")) {
 *     var orders = new PostgresOrderStore(db);
 * }
 * }</pre>
 */
public final class FlashSaleDatabase implements AutoCloseable {
    /** The schema that holds the flash sale's tables unless another is given. */
    public static final String DEFAULT_SCHEMA = "flashsale";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final HikariDataSource pool;
    private final String where;

    private FlashSaleDatabase(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /** {@link #open(String, String, int)} in schema {@value #DEFAULT_SCHEMA} with the default pool size. */
    public static FlashSaleDatabase open(String jdbcUrl) {
        return open(jdbcUrl, DEFAULT_SCHEMA, PostgresConfig.DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * Connects, creates {@code schema} when missing, and migrates it.
     *
     * @param maxConnections pool size: as many as the workers that may touch the database at once
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or the schema name is not
     *     lower-case letters, digits and underscores
     * @throws StorageUnavailableException when the database cannot be reached
     */
    public static FlashSaleDatabase open(String jdbcUrl, String schema, int maxConnections) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must be lower-case letters, digits and underscores but was " + schema);
        }
        PostgresConfig base = PostgresConfig.of(Postgres.withCurrentSchema(jdbcUrl, schema));
        HikariDataSource pool = Postgres.open(new PostgresConfig(
                base.jdbcUrl(), "flashsale", maxConnections, base.connectTimeout(), base.statementTimeout()));
        try {
            createSchema(pool, schema);
            Postgres.migrate(pool, "flashsale", "classpath:db/flashsale");
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new FlashSaleDatabase(pool, Redact.credentials(jdbcUrl) + " schema " + schema);
    }

    /** Processes starting together must not both try to create it: one lock serialises them. */
    private static void createSchema(HikariDataSource pool, String schema) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (var statement = c.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('scalelab.flashsale.schema'))");
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            }
            c.commit();
        } catch (SQLException e) {
            throw new StorageUnavailableException(
                    "cannot create schema " + schema + " in PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** One statement on a pooled connection, in its own transaction. */
    public <T> T query(String sql, Statement<T> statement) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            return statement.run(ps);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * A lost connection, a timeout or an overloaded server is a {@link StorageUnavailableException} (a 503,
     * or a retry for a worker); anything else (a broken constraint, bad SQL) is a bug.
     */
    public RuntimeException failed(SQLException e) {
        String message = "flashsale store " + where + " failed: " + e.getMessage();
        return Postgres.failure(message, e);
    }

    /** Where the tables are, without credentials: URL and schema. */
    public String describe() {
        return "postgresql " + where;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Sets parameters, runs and reads one prepared statement. */
    @FunctionalInterface
    public interface Statement<T> {
        T run(PreparedStatement ps) throws SQLException;
    }
}
