package scalelab.flashsale.order;

import org.junit.jupiter.api.AfterEach;
import scalelab.flashsale.TestDatabase;

/** The order store contract on the real PostgreSQL, each test in its own schema. */
class PostgresOrderStoreIT extends OrderStoreContract {
    private TestDatabase database;

    @Override
    OrderStore store() {
        database = TestDatabase.create();
        return new PostgresOrderStore(database.db);
    }

    @AfterEach
    void drop() {
        if (database != null) {
            database.close();
        }
    }
}
