package scalelab.resilience.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The carts of a variant under concurrent use. */
class CartBookTest {
    private static final CartItem ONE =
            CartItem.known("1", new Product("1", "Laptop", new BigDecimal("1.00"), 10), 1, false);

    /** Units in the user's cart, or -1 when there is none. */
    private static int units(CartBook book, String userId) {
        return book.find(userId)
                .flatMap(cart -> cart.line("1"))
                .map(CartItem::quantity)
                .orElse(-1);
    }

    /**
     * One thread adds while another removes the cart: each removed cart must hold, afterwards, exactly
     * what it held when it was removed (an add that answered in between would be lost to the user).
     */
    @Test
    void anAddRacingARemoveNeverLandsInTheRemovedCart() throws Exception {
        var book = new CartBook(10);
        var stop = new AtomicBoolean();
        var removed = new ArrayList<CartBook.Cart>(); // with each one's units at its removal
        var unitsAtRemoval = new ArrayList<Integer>();
        var remover = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                book.remove("u").ifPresent(cart -> {
                    removed.add(cart);
                    unitsAtRemoval.add(cart.line("1").map(CartItem::quantity).orElse(0));
                });
                Thread.onSpinWait();
            }
        });
        try {
            for (int i = 0; i < 200_000; i++) {
                book.add("u", ONE.withQuantity(1), CartBook.UNKNOWN_STOCK, "");
                if (units(book, "u") >= 9_000) { // below CartBook.MAX_QUANTITY
                    book.remove("u");
                }
            }
        } finally {
            stop.set(true);
            remover.get();
        }
        List<Integer> after = removed.stream()
                .map(cart -> cart.line("1").map(CartItem::quantity).orElse(0))
                .toList();
        assertThat(after).as("units in each removed cart, now").isEqualTo(unitsAtRemoval);
    }
}
