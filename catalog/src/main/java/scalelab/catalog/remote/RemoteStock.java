package scalelab.catalog.remote;

import java.util.Map;
import java.util.Set;
import scalelab.catalog.carts.CartPorts;

/**
 * The warehouse over HTTP: {@code POST /warehouse/reserve} and {@code POST /warehouse/release}, 204 each.
 * Its refusals (404 {@code PRODUCT_NOT_FOUND}, 400 {@code INSUFFICIENT_STOCK}) reach the caller as they are
 * ({@link scalelab.catalog.carts.Carts} answers the 404 of a reserve as 400 {@code INSUFFICIENT_STOCK}).
 *
 * <p>A reservation whose answer is lost (a timeout after the warehouse applied it) stays reserved: the
 * caller sees a 503 and cannot tell. Making it safe needs an idempotency key on reserve; not done yet.
 */
final class RemoteStock implements CartPorts.Stock {
    private final RemoteService warehouse;

    RemoteStock(RemoteService warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void reserve(int productId, int quantity) {
        warehouse.post("/warehouse/reserve", units(productId, quantity), Set.of());
    }

    @Override
    public void release(int productId, int quantity) {
        warehouse.post("/warehouse/release", units(productId, quantity), Set.of());
    }

    private static Map<String, Integer> units(int productId, int quantity) {
        return Map.of("product_id", productId, "quantity", quantity);
    }
}
