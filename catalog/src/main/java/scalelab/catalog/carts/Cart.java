package scalelab.catalog.carts;

import java.util.LinkedHashMap;
import java.util.Map;

/** A customer's cart in memory: product ids and quantities, until it is checked out into an order. */
final class Cart {
    /** The states of {@link CartStore}'s state machine. */
    enum State {
        OPEN,
        CHECKING_OUT,
        CHECKED_OUT
    }

    final int id;
    final int customerId;
    // the fields below are read and written only under the lock of this cart
    final Map<Integer, Integer> items = new LinkedHashMap<>();
    State state = State.OPEN;
    Integer orderId;

    Cart(int id, int customerId) {
        this.id = id;
        this.customerId = customerId;
    }
}
