package scalelab.catalog.payments;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;

/**
 * The payment service: charges a card for an existing shopping cart, Stripe-style with test numbers, and
 * keeps a ledger of the payments (approved and declined) with the card's last 4 digits only: bounded in
 * memory, or shared in PostgreSQL ({@link PaymentLedger}). No money moves: every valid number is approved except {@link #DECLINED_TEST_CARDS}.
 *
 * <pre>{@code
 * var payments = new Payments(carts::exists, Clock.systemUTC());
 * Payment p = payments.charge(CardNumber.parse("4242424242424242"), 7); // success, "txn_…", "4242"
 * }</pre>
 */
public final class Payments {
    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    /**
     * Test card numbers that are declined (402 {@code PAYMENT_DECLINED}), with their Stripe decline code:
     * {@code 4000000000000002} card_declined, {@code 4000000000009995} insufficient_funds,
     * {@code 4000000000009987} lost_card, {@code 4000000000009979} stolen_card, {@code 4000000000000069}
     * expired_card. All pass the Luhn check, so they get past validation and are refused by the "bank".
     */
    public static final Map<String, String> DECLINED_TEST_CARDS = Map.of(
            "4000000000000002", "card_declined",
            "4000000000009995", "insufficient_funds",
            "4000000000009987", "lost_card",
            "4000000000009979", "stolen_card",
            "4000000000000069", "expired_card");

    /**
     * Well-known test numbers that are approved: Visa {@code 4242424242424242}, Mastercard {@code
     * 5555555555554444}, American Express {@code 378282246310005}. Any other valid number not in {@link
     * #DECLINED_TEST_CARDS} is approved too.
     */
    public static final List<String> APPROVED_TEST_CARDS =
            List.of("4242424242424242", "5555555555554444", "378282246310005");

    /** Default number of payments the ledger keeps before it forgets the oldest: 10,000. */
    public static final int DEFAULT_LEDGER_CAPACITY = 10_000;

    /** The shape of the ids {@link #charge} issues: {@code txn_} and a lower-case UUID. */
    private static final Pattern TRANSACTION_ID =
            Pattern.compile("txn_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final CartDirectory carts;
    private final Clock clock;
    private final PaymentLedger ledger;
    private final AtomicLong approved = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();

    public Payments(CartDirectory carts, Clock clock) {
        this(carts, clock, DEFAULT_LEDGER_CAPACITY);
    }

    /**
     * @param ledgerCapacity how many payments to remember (default {@link #DEFAULT_LEDGER_CAPACITY})
     * @throws IllegalArgumentException when {@code ledgerCapacity < 1}
     */
    public Payments(CartDirectory carts, Clock clock, int ledgerCapacity) {
        this(carts, clock, new InMemoryPaymentLedger(ledgerCapacity));
    }

    /** Payments kept in {@code ledger}, e.g. a {@link PostgresPaymentLedger} shared by many instances. */
    public Payments(CartDirectory carts, Clock clock, PaymentLedger ledger) {
        this.carts = Objects.requireNonNull(carts, "carts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Charges {@code card} for the cart and records the result; a declined card gives a payment with
     * {@code success == false} (also recorded, with its own transaction id).
     *
     * @throws ApiException 404 {@code CART_NOT_FOUND} when the cart does not exist (nothing is recorded)
     */
    public Payment charge(CardNumber card, int cartId) {
        if (!carts.exists(cartId)) {
            throw new ApiException(404, "CART_NOT_FOUND", "shopping cart not found", "shopping_cart_id " + cartId);
        }
        String declineCode = declineCode(card);
        var payment = new Payment(
                declineCode == null,
                "txn_" + UUID.randomUUID(),
                card.last4(),
                cartId,
                clock.instant().truncatedTo(ChronoUnit.MICROS)); // as a database keeps it
        ledger.record(payment);
        (payment.success() ? approved : declined).incrementAndGet();
        log.debug(
                "payment txn={} cart={} card={} {}",
                payment.transactionId(),
                cartId,
                card,
                payment.success() ? "approved" : "declined: " + declineCode);
        return payment;
    }

    /**
     * Charges a card given as text and returns the transaction id, or throws: the shape of the carts
     * service's payments port.
     *
     * @throws ApiException 400 {@code INVALID_CARD}, 404 {@code CART_NOT_FOUND}, 402 {@code PAYMENT_DECLINED}
     */
    public String chargeOrThrow(String cardNumber, int cartId) {
        CardNumber card = CardNumber.parse(cardNumber);
        Payment payment = charge(card, cartId);
        if (!payment.success()) {
            throw declined(payment, card);
        }
        return payment.transactionId();
    }

    /** Whether {@code id} has the shape of a transaction id this service issues (else no ledger holds it). */
    public static boolean isTransactionId(String id) {
        return id != null && TRANSACTION_ID.matcher(id).matches();
    }

    /** Asks the ledger something cheap (a primary-key lookup); throws when the ledger cannot answer. */
    public void probe() {
        ledger.find("txn_00000000-0000-0000-0000-000000000000");
    }

    /** A payment still in the ledger. */
    public Optional<Payment> find(String transactionId) {
        return ledger.find(transactionId);
    }

    /** The newest approved transaction for this cart, while it is still in the ledger. */
    public Optional<String> paidFor(int cartId) {
        return ledger.paidFor(cartId);
    }

    /** How many payments the ledger holds now (at most its capacity). */
    public int ledgerSize() {
        return (int) Math.min(Integer.MAX_VALUE, ledger.size());
    }

    /** Approved payments since start, including those the ledger has forgotten. */
    public long approvedCount() {
        return approved.get();
    }

    /** Declined payments since start, including those the ledger has forgotten. */
    public long declinedCount() {
        return declined.get();
    }

    /** 402 {@code PAYMENT_DECLINED}; details give the decline code and the transaction id, never the number. */
    static ApiException declined(Payment payment, CardNumber card) {
        return new ApiException(
                402,
                "PAYMENT_DECLINED",
                "the card was declined",
                "decline_code " + declineCode(card) + ", transaction_id " + payment.transactionId());
    }

    /** The Stripe decline code for a test card, null when the card is approved. */
    private static String declineCode(CardNumber card) {
        return DECLINED_TEST_CARDS.get(card.digits());
    }
}
