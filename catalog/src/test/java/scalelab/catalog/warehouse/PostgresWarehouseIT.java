package scalelab.catalog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.CatalogDatabase;
import scalelab.core.storage.Postgres;
import scalelab.testkit.RealServices;

/** The warehouse contract on {@link PostgresWarehouse}, against the real PostgreSQL, one fresh schema per test. */
class PostgresWarehouseIT extends WarehouseContract {
    private String serverUrl;
    private String schema;
    private CatalogDatabase db;

    @Override
    Warehouse newSeededWarehouse() {
        serverUrl = RealServices.postgresUrl();
        schema = "catalog_it_" + UUID.randomUUID().toString().replace("-", "");
        db = CatalogDatabase.open(serverUrl, schema); // the migration seeds products 1 and 2
        return new PostgresWarehouse(db);
    }

    @Override
    int operationsPerThread() {
        return 200; // every operation is a round trip to the database
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

    @Test
    void theDatabaseRefusesNegativeStockEvenFromAStatementThatSkipsTheChecks() {
        // the CHECK constraints are the last line of defence behind the guarded updates
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Postgres.execute(
                        Postgres.withCurrentSchema(serverUrl, schema),
                        "UPDATE inventory SET available = available - 1001 WHERE product_id = 1"))
                .hasMessageContaining("check constraint");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, InMemoryWarehouse.SEED_UNITS, 0));
    }

    @Test
    void stockWrittenThroughOnePoolIsSeenThroughAnother() {
        warehouse.reserve(1, 7);
        try (var other = CatalogDatabase.open(serverUrl, schema)) {
            var second = new PostgresWarehouse(other);
            assertThat(second.stock(1)).isEqualTo(new Stock(1, 993, 7));
            second.ship(1, 7);
        }
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 993, 0));
    }
}
