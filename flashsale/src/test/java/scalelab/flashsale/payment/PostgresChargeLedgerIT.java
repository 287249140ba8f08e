package scalelab.flashsale.payment;

import org.junit.jupiter.api.AfterEach;
import scalelab.flashsale.TestDatabase;

/** The charge ledger contract on the real PostgreSQL, each test in its own schema. */
class PostgresChargeLedgerIT extends ChargeLedgerContract {
    private TestDatabase database;

    @Override
    ChargeLedger ledger() {
        database = TestDatabase.create();
        return new PostgresChargeLedger(database.db);
    }

    @AfterEach
    void drop() {
        if (database != null) {
            database.close();
        }
    }
}
