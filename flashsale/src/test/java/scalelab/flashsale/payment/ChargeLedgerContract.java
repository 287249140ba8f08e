package scalelab.flashsale.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link ChargeLedger} does; each implementation's test extends it. */
abstract class ChargeLedgerContract {
    /** A fresh, empty ledger. */
    abstract ChargeLedger ledger();

    @Test
    void anOrderIsChargedOnceAndTheSecondRecordSaysSo() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        assertThat(ledger.isCharged(order)).isFalse();
        assertThat(ledger.record(order, new BigDecimal("119.98"), Instant.now()))
                .isTrue();
        assertThat(ledger.isCharged(order)).isTrue();
        assertThat(ledger.record(order, new BigDecimal("119.98"), Instant.now()))
                .isFalse();
        assertThat(ledger.count()).isEqualTo(1);
    }

    @Test
    void concurrentChargesOfOneOrderRecordExactlyOne() throws Exception {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        List<Future<Boolean>> attempts = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                attempts.add(threads.submit(() -> ledger.record(order, BigDecimal.TEN, Instant.now())));
            }
            int recorded = 0;
            for (Future<Boolean> attempt : attempts) {
                recorded += attempt.get() ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(1);
        }
        assertThat(ledger.count()).isEqualTo(1);
    }
}
