package scalelab.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class PostgresFailureTest {
    @Test
    void lostConnectionsTimeoutsOverloadAndSerializationFailuresAreUnavailable() {
        for (String state : new String[] {"08006", "53300", "57014", "40001"}) {
            assertThat(Postgres.failure("store failed", new SQLException("x", state)))
                    .as(state)
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessage("store failed");
        }
        assertThat(Postgres.failure("pool", new SQLTransientConnectionException("timeout")))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void aBrokenConstraintOrBadSqlIsABug() {
        for (String state : new String[] {"23505", "42601", null}) {
            assertThat(Postgres.failure("store failed", new SQLException("x", state)))
                    .as(String.valueOf(state))
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(SQLException.class);
        }
    }
}
