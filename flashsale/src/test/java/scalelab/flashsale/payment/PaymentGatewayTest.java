package scalelab.flashsale.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        assertThat(ledger.attempts(order)).isEqualTo(1);
        assertThat(gateway.paymentsStarted()).isEqualTo(1);
        assertThat(gateway.charges()).isEqualTo(1);
        assertThat(gateway.lease()).isEqualTo(Duration.ofMillis(100).plus(PaymentGateway.DEFAULT_LEASE_MARGIN));
    }

    @Test
    void anOrderChargedBeforeIsNotPaidAgainAndDoesNotWait() throws Exception {
        var ledger = new InMemoryChargeLedger();
        var gateway = new PaymentGateway(ledger, Duration.ofSeconds(30));
        UUID order = UUID.randomUUID();
        var earlier = (ChargeLedger.Claim.Taken) ledger.claim(order, BigDecimal.TEN, Instant.now(), Instant.now());
        ledger.record(order, earlier.token(), Instant.now());
        long start = System.nanoTime();
        assertThat(gateway.pay(order, BigDecimal.TEN)).isEqualTo(PaymentOutcome.ALREADY_CHARGED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(gateway.paymentsStarted()).isZero();
        assertThat(gateway.charges()).isZero();
        assertThat(gateway.duplicatesPrevented()).isEqualTo(1);
        assertThat(ledger.attempts(order)).isEqualTo(1);
    }

    @Test
    void twoConcurrentPaysOfOneOrderSpendThePaymentTimeOnceAndBothReturnPaid() throws Exception {
        var ledger = new InMemoryChargeLedger();
        Duration paymentTime = Duration.ofMillis(600);
        var gateway = new PaymentGateway(
                ledger, paymentTime, Duration.ofSeconds(5), Duration.ofMillis(50), Clock.systemUTC());
        UUID order = UUID.randomUUID();
        var go = new CountDownLatch(1);
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PaymentOutcome> first = threads.submit(() -> {
                go.await();
                return gateway.pay(order, BigDecimal.TEN);
            });
            Future<PaymentOutcome> second = threads.submit(() -> {
                go.await();
                return gateway.pay(order, BigDecimal.TEN);
            });
            go.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isIn(PaymentOutcome.CHARGED, PaymentOutcome.ALREADY_CHARGED);
            assertThat(second.get(10, TimeUnit.SECONDS)).isIn(PaymentOutcome.CHARGED, PaymentOutcome.ALREADY_CHARGED);
            assertThat(first.get()).isNotEqualTo(second.get());
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(gateway.paymentsStarted()).as("the payment time spent once").isEqualTo(1);
        assertThat(gateway.charges()).isEqualTo(1);
        assertThat(gateway.duplicatesPrevented()).isEqualTo(1);
        assertThat(gateway.waitedForAnotherPayer()).isEqualTo(1);
        assertThat(ledger.attempts(order)).isEqualTo(1);
        assertThat(elapsedMs)
                .as("the waiting copy returns soon after the charge, not after the lease")
                .isLessThan(paymentTime.toMillis() + 2_000);
    }

    @Test
    void aPayerInterruptedMidPaymentLetsASecondOneTakeOverAfterTheLeaseAndNoSooner() throws Exception {
        var ledger = new InMemoryChargeLedger();
        Duration paymentTime = Duration.ofMillis(400);
        Duration margin = Duration.ofMillis(400);
        var gateway = new PaymentGateway(ledger, paymentTime, margin, Duration.ofMillis(50), Clock.systemUTC());
        UUID order = UUID.randomUUID();
        var interrupted = new Throwable[1];
        long firstStart = System.nanoTime();
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                gateway.pay(order, BigDecimal.TEN);
            } catch (Throwable t) {
                interrupted[0] = t;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ledger.attempts(order) == 1);
        first.interrupt(); // killed mid-payment: its claim stays until the lease ends
        first.join(5_000);
        assertThat(interrupted[0]).isInstanceOf(InterruptedException.class);
        assertThat(ledger.isCharged(order)).isFalse();

        assertThat(gateway.pay(order, BigDecimal.TEN)).isEqualTo(PaymentOutcome.CHARGED);

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstStart);
        assertThat(elapsedMs)
                .as("waited out the first claim's lease, then paid")
                .isGreaterThanOrEqualTo(gateway.lease().plus(paymentTime).toMillis());
        assertThat(ledger.isCharged(order)).isTrue();
        assertThat(ledger.attempts(order))
                .as("paid twice: the first payment died")
                .isEqualTo(2);
        assertThat(gateway.paymentsStarted()).isEqualTo(2);
        assertThat(gateway.takeovers()).isEqualTo(1);
        assertThat(gateway.charges()).isEqualTo(1);
        assertThat(gateway.waitedForAnotherPayer()).isEqualTo(1);
    }

    @Test
    void aPaymentInterruptedDuringThePaymentTimeChargesNothing() throws Exception {
        var ledger = new InMemoryChargeLedger();
        var gateway = new PaymentGateway(ledger, Duration.ofSeconds(30));
        UUID order = UUID.randomUUID();
        var outcome = new Throwable[1];
        Thread payer = Thread.ofVirtual().start(() -> {
            try {
                gateway.pay(order, BigDecimal.TEN);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ledger.attempts(order) == 1);
        payer.interrupt();
        payer.join(5_000);
        assertThat(outcome[0]).isInstanceOf(InterruptedException.class);
        assertThat(ledger.isCharged(order)).isFalse();
        assertThat(gateway.charges()).isZero();
    }

    @Test
    void badDurationsAreRefused() {
        var ledger = new InMemoryChargeLedger();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PaymentGateway(
                        ledger, Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(10), Clock.systemUTC()))
                .hasMessage("leaseMargin must be > 0 but was PT0S");
    }
}
