package scalelab.catalog;

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
 * The catalog's PostgreSQL database: one connection pool shared by the product, warehouse, cart and
 * payment stores, whose tables live in one schema ({@value #DEFAULT_SCHEMA} unless told otherwise) with
 * their own Flyway history table, {@code flyway_catalog}. Any number of catalog instances may open the
 * same database: they share every table.
 *
 * <pre>{@code
 * try (var db = CatalogDatabase.open("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")) {
 *     var warehouse = new PostgresWarehouse(db);
 * }
 * }</pre>
 */
public final class CatalogDatabase implements AutoCloseable {
    /** The schema that holds the catalog's tables unless another is given. */
    public static final String DEFAULT_SCHEMA = "catalog";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final HikariDataSource pool;
    private final String where;

    private CatalogDatabase(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /** {@link #open(String, String)} in schema {@value #DEFAULT_SCHEMA}. */
    public static CatalogDatabase open(String jdbcUrl) {
        return open(jdbcUrl, DEFAULT_SCHEMA);
    }

    /**
     * Connects, creates {@code schema} when missing, and migrates it (seeding products 1 and 2 and
     * their stock where absent).
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or the schema name is
     *     not lower-case letters, digits and underscores
     * @throws StorageUnavailableException when the database cannot be reached
     */
    public static CatalogDatabase open(String jdbcUrl, String schema) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must be lower-case letters, digits and underscores but was " + schema);
        }
        HikariDataSource pool = Postgres.open(
                PostgresConfig.of(Postgres.withCurrentSchema(jdbcUrl, schema)).withPoolName("catalog"));
        try {
            createSchema(pool, schema);
            Postgres.migrate(pool, "catalog", "classpath:db/catalog");
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new CatalogDatabase(pool, Redact.credentials(jdbcUrl) + " schema " + schema);
    }

    /** Two instances starting together must not both try to create it: one lock serialises them. */
    private static void createSchema(HikariDataSource pool, String schema) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (var statement = c.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('scalelab.catalog.schema'))");
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
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (an {@code ApiException} thrown by {@code work} leaves the database as it was).
     */
    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * A lost connection, a timeout or an overloaded server is a 503 ({@link StorageUnavailableException});
     * anything else (a broken constraint, bad SQL) is a bug: a 500.
     */
    public RuntimeException failed(SQLException e) {
        String message = "catalog store " + where + " failed: " + e.getMessage();
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

    /** The statements of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
