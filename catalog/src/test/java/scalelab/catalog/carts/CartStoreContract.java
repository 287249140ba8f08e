package scalelab.catalog.carts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ApiException;

/**
 * The contract of every {@link CartStore}, driven through {@link Carts} with stand-in products, stock and
 * payments: the checkout state machine (open, checking_out, checked_out, back to open on failure) and its
 * refusals. Each implementation's test extends it and supplies a fresh, empty store per test.
 */
abstract class CartStoreContract {
    static final String CARD = "4242424242424242";
    static final String DECLINED = "4000000000000002";

    /** A fresh store with no carts. */
    abstract CartStore newStore();

    /** Records every reservation and release; runs {@link #duringReserve} inside the first reservation. */
    final class RecordingStock implements CartPorts.Stock {
        final List<String> calls = new ArrayList<>();
        Runnable duringReserve = () -> {};

        @Override
        public synchronized void reserve(int productId, int quantity) {
            Runnable hook = duringReserve;
            duringReserve = () -> {};
            hook.run();
            if (productId == 3) {
                throw ApiException.badRequest("INSUFFICIENT_STOCK", "not enough stock", null);
            }
            calls.add("reserve " + productId + "x" + quantity);
        }

        @Override
        public synchronized void release(int productId, int quantity) {
            calls.add("release " + productId + "x" + quantity);
        }
    }

    final class FakePayments implements CartPorts.Payments {
        @Override
        public String charge(String cardNumber, int cartId) {
            if (cardNumber.equals(DECLINED)) {
                throw new ApiException(402, "PAYMENT_DECLINED", "card declined", null);
            }
            return "txn_" + cartId;
        }

        @Override
        public Optional<String> paidFor(int cartId) {
            return Optional.empty();
        }
    }

    private CartStore store;
    final RecordingStock stock = new RecordingStock();
    Carts carts;

    @BeforeEach
    void createCarts() {
        store = newStore();
        carts = new Carts(id -> id >= 1 && id <= 3, stock, new FakePayments(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static void assertRefused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void aCheckoutRecordsOneOrderWithTheSummedItemsCustomerAndTransaction() {
        int cart = carts.create(42);
        carts.addItem(cart, 1, 2);
        carts.addItem(cart, 2, 1);
        carts.addItem(cart, 1, 3);
        int order = carts.checkout(cart, CARD);
        assertThat(carts.order(order)).contains(new Order(order, cart, 42, Map.of(1, 5, 2, 1), "txn_" + cart));
        assertThat(stock.calls).containsExactly("reserve 1x5", "reserve 2x1");
        assertThat(carts.orderCount()).isEqualTo(1);
        assertThat(carts.cartCount()).isEqualTo(1);
        assertThat(carts.order(order + 1)).isEmpty();
    }

    @Test
    void whileACheckoutHoldsTheCartItsItemsAndASecondCheckoutAreRefused() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, 1);
        var refusals = new ArrayList<String>();
        stock.duringReserve = () -> {
            for (ThrowingCallable call :
                    List.<ThrowingCallable>of(() -> carts.addItem(cart, 2, 1), () -> carts.checkout(cart, CARD))) {
                try {
                    call.call();
                    refusals.add("accepted");
                } catch (ApiException e) {
                    refusals.add(e.status() + " " + e.code());
                } catch (Throwable e) {
                    refusals.add(e.toString());
                }
            }
        };
        int order = carts.checkout(cart, CARD);
        assertThat(refusals).containsExactly("400 CHECKOUT_IN_PROGRESS", "400 CHECKOUT_IN_PROGRESS");
        assertThat(carts.order(order).orElseThrow().items()).isEqualTo(Map.of(1, 1));
        assertThat(carts.orderCount()).isEqualTo(1);
    }

    @Test
    void aCheckedOutCartRefusesItemsAndCheckoutsNamingItsOrder() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, 1);
        int order = carts.checkout(cart, CARD);
        assertThatThrownBy(() -> carts.addItem(cart, 1, 1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("CART_CHECKED_OUT");
            assertThat(e.details()).isEqualTo("order_id " + order);
        });
        assertRefused(() -> carts.checkout(cart, CARD), 400, "CART_CHECKED_OUT");
        assertThat(carts.orderCount()).isEqualTo(1);
        assertThat(stock.calls).containsExactly("reserve 1x1");
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndReopensTheCart() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, 4);
        carts.addItem(cart, 2, 2);
        assertRefused(() -> carts.checkout(cart, DECLINED), 400, "PAYMENT_DECLINED");
        assertThat(stock.calls).containsExactly("reserve 1x4", "reserve 2x2", "release 1x4", "release 2x2");
        assertThat(carts.orderCount()).isZero();
        carts.addItem(cart, 1, 1); // open again
        int order = carts.checkout(cart, CARD);
        assertThat(carts.order(order).orElseThrow().items()).isEqualTo(Map.of(1, 5, 2, 2));
    }

    @Test
    void runningOutOfStockHalfwayReleasesWhatWasReservedAndReopensTheCart() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, 2);
        carts.addItem(cart, 3, 1); // the stand-in warehouse has none of product 3
        assertRefused(() -> carts.checkout(cart, CARD), 400, "INSUFFICIENT_STOCK");
        assertThat(stock.calls).containsExactly("reserve 1x2", "release 1x2");
        carts.addItem(cart, 2, 1);
        assertRefused(() -> carts.checkout(cart, CARD), 400, "INSUFFICIENT_STOCK");
    }

    @Test
    void anEmptyCartIsRefusedAndStaysOpen() {
        int cart = carts.create(1);
        assertRefused(() -> carts.checkout(cart, CARD), 400, "CART_EMPTY");
        carts.addItem(cart, 2, 1);
        assertThat(carts.checkout(cart, CARD)).isPositive();
    }

    @Test
    void unknownCartsAre404BeforeUnknownProducts() {
        assertThat(carts.exists(999)).isFalse();
        assertRefused(() -> carts.addItem(999, 77, 1), 404, "CART_NOT_FOUND");
        assertRefused(() -> carts.checkout(999, CARD), 404, "CART_NOT_FOUND");
        int cart = carts.create(1);
        assertThat(carts.exists(cart)).isTrue();
        assertRefused(() -> carts.addItem(cart, 77, 1), 404, "PRODUCT_NOT_FOUND");
        assertRefused(() -> carts.checkout(cart, CARD), 400, "CART_EMPTY"); // nothing was added
    }

    @Test
    void moreThanIntMaxUnitsOfOneProductIsRefusedAndKeepsTheQuantity() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, Integer.MAX_VALUE - 1);
        assertRefused(() -> carts.addItem(cart, 1, 2), 400, "INVALID_QUANTITY");
        carts.addItem(cart, 1, 1);
        int order = carts.checkout(cart, CARD);
        assertThat(carts.order(order).orElseThrow().items()).isEqualTo(Map.of(1, Integer.MAX_VALUE));
    }

    @Test
    void findShowsTheCustomerTheSummedItemsInFirstAddedOrderAndNoOrderUntilCheckedOut() {
        assertThat(carts.find(999)).isEmpty();
        int cart = carts.create(42);
        assertThat(carts.find(cart)).contains(new CartView(cart, 42, List.of(), null));
        carts.addItem(cart, 2, 1);
        carts.addItem(cart, 1, 2);
        carts.addItem(cart, 2, 3);
        var open = new CartView(cart, 42, List.of(new CartView.Item(2, 4), new CartView.Item(1, 2)), null);
        assertThat(carts.find(cart)).contains(open);

        var seenDuringCheckout = new ArrayList<Optional<CartView>>();
        stock.duringReserve = () -> seenDuringCheckout.add(carts.find(cart)); // the cart is claimed: no order yet
        int order = carts.checkout(cart, CARD);

        assertThat(seenDuringCheckout).containsExactly(Optional.of(open));
        assertThat(carts.find(cart))
                .contains(new CartView(cart, 42, List.of(new CartView.Item(2, 4), new CartView.Item(1, 2)), order));
        assertThat(carts.find(cart + 1)).isEmpty();
    }

    @Test
    void findShowsACartWhoseCheckoutFailedOpenWithItsItemsAndNoOrder() {
        int cart = carts.create(1);
        carts.addItem(cart, 1, 1);
        assertRefused(() -> carts.checkout(cart, DECLINED), 400, "PAYMENT_DECLINED");
        assertThat(carts.find(cart)).contains(new CartView(cart, 1, List.of(new CartView.Item(1, 1)), null));
    }

    @Test
    void cartIdsAreDistinct() {
        assertThat(List.of(carts.create(1), carts.create(1), carts.create(2))).doesNotHaveDuplicates();
        assertThat(carts.cartCount()).isEqualTo(3);
    }
}
