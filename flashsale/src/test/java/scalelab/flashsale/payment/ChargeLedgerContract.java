package scalelab.flashsale.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import scalelab.flashsale.payment.ChargeLedger.Claim;

/** What every {@link ChargeLedger} does; each implementation's test extends it. */
abstract class ChargeLedgerContract {
    private static final BigDecimal AMOUNT = new BigDecimal("119.98");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z"); // whole microseconds (PostgreSQL)
    private static final Duration LEASE = Duration.ofSeconds(8);

    /** A fresh, empty ledger. */
    abstract ChargeLedger ledger();

    @Test
    void theFirstClaimOfAnOrderIsTakenAndItsOwnerRecordsTheCharge() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        assertThat(ledger.attempts(order)).isZero();

        Claim claim = ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));

        assertThat(claim).isInstanceOf(Claim.Taken.class);
        var taken = (Claim.Taken) claim;
        assertThat(taken.attempt()).isEqualTo(1);
        assertThat(taken.takeover()).isFalse();
        assertThat(ledger.isCharged(order)).as("claimed is not charged").isFalse();
        assertThat(ledger.record(order, taken.token(), T0.plusSeconds(3))).isTrue();
        assertThat(ledger.isCharged(order)).isTrue();
        assertThat(ledger.count()).isEqualTo(1);
        assertThat(ledger.attempts(order)).isEqualTo(1);
        assertThat(ledger.totalAttempts()).isEqualTo(1);
    }

    @Test
    void aChargedOrderIsNotClaimedAgainEvenLongAfterItsLease() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        var taken = (Claim.Taken) ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));
        ledger.record(order, taken.token(), T0.plusSeconds(3));

        assertThat(ledger.claim(
                        order, AMOUNT, T0.plusSeconds(4), T0.plusSeconds(4).plus(LEASE)))
                .isInstanceOf(Claim.AlreadyCharged.class);
        assertThat(ledger.claim(order, AMOUNT, T0.plus(1, ChronoUnit.DAYS), T0.plus(2, ChronoUnit.DAYS)))
                .isInstanceOf(Claim.AlreadyCharged.class);
        assertThat(ledger.record(order, taken.token(), T0.plusSeconds(5)))
                .as("recorded once only")
                .isFalse();
        assertThat(ledger.attempts(order)).isEqualTo(1);
        assertThat(ledger.count()).isEqualTo(1);
    }

    @Test
    void aLiveClaimIsRefusedToASecondPayerWithItsLeaseEnd() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));

        Claim second =
                ledger.claim(order, AMOUNT, T0.plusSeconds(7), T0.plusSeconds(7).plus(LEASE));

        assertThat(second).isEqualTo(new Claim.HeldByOther(T0.plus(LEASE)));
        assertThat(ledger.attempts(order)).as("a refused claim is no attempt").isEqualTo(1);
        assertThat(ledger.isCharged(order)).isFalse();
    }

    @Test
    void anExpiredClaimIsTakenOverAndCountsASecondAttempt() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        var first = (Claim.Taken) ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));
        Instant later = T0.plus(LEASE); // the lease has ended at its end

        Claim second = ledger.claim(order, AMOUNT, later, later.plus(LEASE));

        assertThat(second).isInstanceOf(Claim.Taken.class);
        var takeover = (Claim.Taken) second;
        assertThat(takeover.token()).isNotEqualTo(first.token());
        assertThat(takeover.attempt()).isEqualTo(2);
        assertThat(takeover.takeover()).isTrue();
        assertThat(ledger.claim(
                        order,
                        AMOUNT,
                        later.plusSeconds(1),
                        later.plusSeconds(1).plus(LEASE)))
                .as("the new claim is live")
                .isEqualTo(new Claim.HeldByOther(later.plus(LEASE)));
        assertThat(ledger.attempts(order)).isEqualTo(2);
        assertThat(ledger.totalAttempts()).isEqualTo(2);
    }

    @Test
    void onlyTheCurrentOwnerOfTheClaimRecordsTheCharge() {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        var first = (Claim.Taken) ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));
        Instant later = T0.plus(LEASE).plusSeconds(1);
        var second = (Claim.Taken) ledger.claim(order, AMOUNT, later, later.plus(LEASE));

        assertThat(ledger.record(order, first.token(), later.plusSeconds(1)))
                .as("the payer that was taken over")
                .isFalse();
        assertThat(ledger.isCharged(order)).isFalse();
        assertThat(ledger.record(order, UUID.randomUUID(), later.plusSeconds(1)))
                .as("a stranger")
                .isFalse();
        assertThat(ledger.record(order, second.token(), later.plusSeconds(2))).isTrue();
        assertThat(ledger.isCharged(order)).isTrue();
        assertThat(ledger.record(UUID.randomUUID(), second.token(), later))
                .as("an order without a claim")
                .isFalse();
    }

    @Test
    void concurrentClaimsOfOneOrderTakeExactlyOne() throws Exception {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        List<Future<Claim>> claims = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                claims.add(threads.submit(() -> ledger.claim(order, AMOUNT, T0, T0.plus(LEASE))));
            }
        }
        int taken = 0;
        int held = 0;
        for (Future<Claim> claim : claims) {
            switch (claim.get()) {
                case Claim.Taken t -> taken++;
                case Claim.HeldByOther h -> held++;
                case Claim.AlreadyCharged c -> throw new AssertionError("nobody recorded a charge");
            }
        }
        assertThat(taken).isEqualTo(1);
        assertThat(held).isEqualTo(19);
        assertThat(ledger.attempts(order)).isEqualTo(1);
    }

    @Test
    void concurrentTakeoversOfOneExpiredClaimTakeExactlyOne() throws Exception {
        var ledger = ledger();
        UUID order = UUID.randomUUID();
        ledger.claim(order, AMOUNT, T0, T0.plus(LEASE));
        Instant later = T0.plus(LEASE).plusSeconds(1);
        List<Future<Claim>> claims = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                claims.add(threads.submit(() -> ledger.claim(order, AMOUNT, later, later.plus(LEASE))));
            }
        }
        long taken = 0;
        for (Future<Claim> claim : claims) {
            taken += claim.get() instanceof Claim.Taken ? 1 : 0;
        }
        assertThat(taken).isEqualTo(1);
        assertThat(ledger.attempts(order)).isEqualTo(2);
    }
}
