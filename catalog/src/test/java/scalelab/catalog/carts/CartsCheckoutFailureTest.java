package scalelab.catalog.carts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A checkout whose store or payment fails in the middle: what stays reserved, claimed and charged. */
class CartsCheckoutFailureTest {
    private static final String CARD = "4242424242424242";

    private final CartApiTest.FakeStock stock = new CartApiTest.FakeStock();
    private final CartApiTest.FakePayments payments = new CartApiTest.FakePayments();
    private final FlakyCartStore store = new FlakyCartStore();
    private final Carts carts = new Carts(id -> true, stock, payments, store);

    private int cartWithItems() {
        int cart = carts.create(7);
        carts.addItem(cart, 1, 3);
        carts.addItem(cart, 2, 1);
        return cart;
    }

    @Test
    void anErrorWhilePayingReleasesTheStockAndLeavesTheCartOpen() {
        var exploding = new CartPorts.Payments() {
            @Override
            public String charge(String cardNumber, int cartId) {
                throw new StackOverflowError("deep");
            }

            @Override
            public Optional<String> paidFor(int cartId) {
                return Optional.empty();
            }
        };
        var withExplodingPayments = new Carts(id -> true, stock, exploding, store);
        int cart = cartWithItems();

        assertThatThrownBy(() -> withExplodingPayments.checkout(cart, CARD)).isInstanceOf(StackOverflowError.class);

        assertThat(stock.available).containsEntry(1, 10).containsEntry(2, 5);
        assertThat(carts.checkout(cart, CARD)).isPositive(); // not left claimed
    }

    @Test
    void anErrorWhileCompletingReleasesTheStockAndReopensTheCart() {
        int cart = cartWithItems();
        store.completeFailure = () -> new OutOfMemoryError("no room");

        assertThatThrownBy(() -> carts.checkout(cart, CARD)).isInstanceOf(OutOfMemoryError.class);

        assertThat(stock.available).containsEntry(1, 10).containsEntry(2, 5);
        assertThat(carts.find(cart).orElseThrow().orderId()).isNull();
        carts.addItem(cart, 1, 1); // open again
    }

    @Test
    void aRetryAfterAFailedCompleteUsesThePaymentAlreadyMadeInsteadOfChargingTwice() {
        int cart = cartWithItems();
        store.completeFailure = () -> new IllegalStateException("connection reset");

        assertThatThrownBy(() -> carts.checkout(cart, CARD)).hasMessage("connection reset");
        assertThat(payments.charges).isEqualTo(1);

        int order = carts.checkout(cart, CARD);
        assertThat(payments.charges).as("charged once in all").isEqualTo(1);
        assertThat(carts.order(order).orElseThrow().transactionId()).isEqualTo("txn_" + cart);
    }

    @Test
    void aCompleteThatCommittedButLostItsAcknowledgementIsTheOrderAndKeepsItsStock() {
        int cart = cartWithItems();
        store.completeFailure = () -> new IllegalStateException("acknowledgement lost");
        store.completeCommits = true;

        int order = carts.checkout(cart, CARD);

        assertThat(carts.find(cart).orElseThrow().orderId()).isEqualTo(order);
        assertThat(stock.reserved).containsEntry(1, 3).containsEntry(2, 1);
        assertThat(store.reopens).isZero();
        assertThat(carts.orderCount()).isEqualTo(1);
    }

    @Test
    void whenTheStoreCannotTellWhetherCompleteCommittedNothingIsReleased() {
        int cart = cartWithItems();
        store.completeFailure = () -> new IllegalStateException("acknowledgement lost");
        store.findFails = true;

        assertThatThrownBy(() -> carts.checkout(cart, CARD)).hasMessage("acknowledgement lost");

        assertThat(stock.reserved).containsEntry(1, 3).containsEntry(2, 1); // never sold twice
        assertThat(store.reopens).isZero();
    }
}
