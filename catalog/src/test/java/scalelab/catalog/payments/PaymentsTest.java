package scalelab.catalog.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ApiException;

/** The payment service without HTTP: outcomes, the bounded ledger, unique ids under load. */
class PaymentsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    static final CartDirectory CARTS_1_TO_100 = cartId -> cartId <= 100;
    static final CardNumber VISA = CardNumber.parse("4242424242424242");

    private final Payments payments = new Payments(CARTS_1_TO_100, CLOCK);

    @Test
    void anApprovedChargeIsRecordedWithTheLastFourDigitsOnly() {
        Payment payment = payments.charge(VISA, 7);

        assertThat(payment.success()).isTrue();
        assertThat(payment.transactionId()).matches("txn_[0-9a-f-]{36}");
        assertThat(payment.last4()).isEqualTo("4242");
        assertThat(payment.cartId()).isEqualTo(7);
        assertThat(payment.at()).isEqualTo(CLOCK.instant());
        assertThat(payments.find(payment.transactionId())).contains(payment);
        assertThat(payment.toString()).doesNotContain("4242424242424242");
        assertThat(payments.paidFor(7)).contains(payment.transactionId());
    }

    @Test
    void everyDeclinedTestCardGivesAnUnsuccessfulRecordedPayment() {
        for (String number : Payments.DECLINED_TEST_CARDS.keySet()) {
            Payment payment = payments.charge(CardNumber.parse(number), 3);
            assertThat(payment.success()).as(number).isFalse();
            assertThat(payments.find(payment.transactionId())).contains(payment);
        }
        assertThat(payments.declinedCount()).isEqualTo(Payments.DECLINED_TEST_CARDS.size());
        assertThat(payments.approvedCount()).isZero();
        assertThat(payments.paidFor(3)).isEmpty();
    }

    @Test
    void everyApprovedTestCardIsCharged() {
        for (String number : Payments.APPROVED_TEST_CARDS) {
            assertThat(payments.charge(CardNumber.parse(number), 1).success())
                    .as(number)
                    .isTrue();
        }
    }

    @Test
    void anUnknownCartIs404AndRecordsNothing() {
        assertThatThrownBy(() -> payments.charge(VISA, 101)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("CART_NOT_FOUND");
        });
        assertThat(payments.ledgerSize()).isZero();
    }

    @Test
    void anUnknownCartIsReportedBeforeADecline() {
        var declinedCard = CardNumber.parse("4000000000000002");
        assertThatThrownBy(() -> payments.charge(declinedCard, 101))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("CART_NOT_FOUND"));
    }

    @Test
    void chargeOrThrowReturnsTheTransactionOrThrowsTheContractErrors() {
        assertThat(payments.find(payments.chargeOrThrow("4242424242424242", 1))).isPresent();
        assertThatThrownBy(() -> payments.chargeOrThrow("4000000000009995", 1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("PAYMENT_DECLINED");
                    assertThat(e.details()).startsWith("decline_code insufficient_funds, transaction_id txn_");
                    assertThat(e.getMessage() + e.details()).doesNotContain("4000000000009995");
                });
        assertThatThrownBy(() -> payments.chargeOrThrow("4242424242424241", 1))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void theLedgerForgetsTheOldestPaymentsPastItsCapacity() {
        var small = new Payments(CARTS_1_TO_100, CLOCK, 3);
        List<Payment> made = new ArrayList<>();
        for (int cart = 1; cart <= 5; cart++) {
            made.add(small.charge(VISA, cart));
        }

        assertThat(small.ledgerSize()).isEqualTo(3);
        assertThat(small.find(made.get(0).transactionId())).isEmpty();
        assertThat(small.find(made.get(1).transactionId())).isEmpty();
        assertThat(small.find(made.get(4).transactionId())).contains(made.get(4));
        assertThat(small.paidFor(1)).isEmpty();
        assertThat(small.paidFor(5)).contains(made.get(4).transactionId());
        assertThat(small.approvedCount()).isEqualTo(5);
    }

    @Test
    void aLedgerCapacityBelowOneIsRejected() {
        assertThatThrownBy(() -> new Payments(CARTS_1_TO_100, CLOCK, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 0");
    }

    @Test
    void transactionIdsAreUniqueUnderConcurrentCharges() throws Exception {
        int threads = 16;
        int chargesEach = 500;
        var ids = ConcurrentHashMap.<String>newKeySet();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < chargesEach; i++) {
                        ids.add(payments.charge(VISA, 1 + i % 100).transactionId());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(ids).hasSize(threads * chargesEach);
        assertThat(payments.ledgerSize()).isEqualTo(threads * chargesEach);
        assertThat(payments.approvedCount()).isEqualTo(threads * chargesEach);
        Set<String> sample = Set.copyOf(ids.stream().limit(10).toList());
        assertThat(sample).allMatch(id -> payments.find(id).isPresent());
    }
}
