package scalelab.catalog.carts;

import java.util.LinkedHashMap;
import java.util.Map;

/** A customer's cart: product ids and quantities, until it is checked out into an order. */
final class Cart {
    final int id;
    final int customerId;
    final Map<Integer, Integer> items = new LinkedHashMap<>();
    Integer orderId;

    Cart(int id, int customerId) {
        this.id = id;
        this.customerId = customerId;
    }
}
