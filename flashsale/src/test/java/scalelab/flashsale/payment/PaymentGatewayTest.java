package scalelab.flashsale.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaymentGatewayTest {
    @Test
    void aPaymentTakesThePaymentTimeThenRecordsTheCharge() throws Exception {
        var ledger = new InMemoryChargeLedger();
        var gateway = new PaymentGateway(ledger, Duration.ofMillis(100));
        UUID order = UUID.randomUUID();
        long start = System.nanoTime();
        assertThat(gateway.pay(order, BigDecimal.TEN)).isEqualTo(PaymentOutcome.CHARGED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(100);
        assertThat(ledger.isCharged(order)).isTrue();
        assertThat(gateway.charges()).isEqualTo(1);
    }

    @Test
    void anOrderChargedBeforeIsNotPaidAgainAndDoesNotWait() throws Exception {
        var ledger = new InMemoryChargeLedger();
        var gateway = new PaymentGateway(ledger, Duration.ofSeconds(30));
        UUID order = UUID.randomUUID();
        ledger.record(order, BigDecimal.TEN, java.time.Instant.now());
        assertThat(gateway.pay(order, BigDecimal.TEN)).isEqualTo(PaymentOutcome.ALREADY_CHARGED);
        assertThat(gateway.charges()).isZero();
        assertThat(gateway.duplicatesPrevented()).isEqualTo(1);
    }

    @Test
    void aPaymentInterruptedDuringThePaymentTimeChargesNothing() throws Exception {
        var ledger = new InMemoryChargeLedger();
        var gateway = new PaymentGateway(ledger, Duration.ofSeconds(30));
        UUID order = UUID.randomUUID();
        var started = new CountDownLatch(1);
        var outcome = new Throwable[1];
        Thread payer = Thread.ofVirtual().start(() -> {
            started.countDown();
            try {
                gateway.pay(order, BigDecimal.TEN);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        });
        started.await();
        payer.interrupt();
        payer.join(5_000);
        assertThat(outcome[0]).isInstanceOf(InterruptedException.class);
        assertThat(ledger.isCharged(order)).isFalse();
        assertThat(gateway.charges()).isZero();
    }
}
