package scalelab.flashsale;

import java.util.UUID;
import scalelab.core.storage.Postgres;
import scalelab.testkit.RealServices;

/** A flash-sale database in a schema of its own on the real PostgreSQL, dropped on close. */
public final class TestDatabase implements AutoCloseable {
    public final FlashSaleDatabase db;
    private final String url;
    private final String schema;

    private TestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
        this.db = FlashSaleDatabase.open(url, schema, 20);
    }

    /** Skipped (failed under CI=true) when PostgreSQL is unreachable. */
    public static TestDatabase create() {
        String url = RealServices.postgresUrl();
        return new TestDatabase(
                url,
                "flashsale_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The JDBC URL, without the schema: give it with {@link #schema()} (e.g. {@code FlashSaleConfig.withDbSchema}). */
    public String url() {
        return url;
    }

    /** The schema this database lives in. */
    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        db.close();
        Postgres.execute(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
