package scalelab.catalog.remote;

import java.util.Set;
import scalelab.catalog.payments.CartDirectory;

/** The carts service over HTTP: {@code GET /shopping-carts/{id}}, 200 = exists, 404 = does not. */
final class RemoteCarts implements CartDirectory {
    private static final Set<String> NOT_FOUND = Set.of("CART_NOT_FOUND");
    private final RemoteService carts;

    RemoteCarts(RemoteService carts) {
        this.carts = carts;
    }

    @Override
    public boolean exists(int cartId) {
        return carts.get("/shopping-carts/" + cartId, NOT_FOUND).status() == 200;
    }
}
