package scalelab.catalog.carts;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import scalelab.catalog.CatalogDatabase;
import scalelab.core.storage.Postgres;
import scalelab.testkit.RealServices;

/** The cart store contract on {@link PostgresCartStore}, against the real PostgreSQL, one fresh schema per test. */
class PostgresCartStoreIT extends CartStoreContract {
    private String serverUrl;
    private String schema;
    private CatalogDatabase db;

    @Override
    CartStore newStore() {
        serverUrl = RealServices.postgresUrl();
        schema = "catalog_it_" + UUID.randomUUID().toString().replace("-", "");
        db = CatalogDatabase.open(serverUrl, schema);
        return new PostgresCartStore(db);
    }

    @AfterEach
    void dropSchema() {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            Postgres.execute(serverUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
