package scalelab.catalog.carts;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A customer's cart: product ids and quantities, until it is checked out into an order. */
final class Cart {
    final int id;
    final int customerId;
    // written under the cart's lock; concurrent and volatile so GET /shopping-carts/{id} reads without it
    // (a checkout holds the lock while it calls the payments service, which may call that GET back)
    final Map<Integer, Integer> items = new ConcurrentSkipListMap<>();
    volatile Integer orderId;

    Cart(int id, int customerId) {
        this.id = id;
        this.customerId = customerId;
    }
}
