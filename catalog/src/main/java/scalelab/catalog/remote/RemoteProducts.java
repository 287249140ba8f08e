package scalelab.catalog.remote;

import java.util.Set;
import scalelab.catalog.carts.CartPorts;

/** The products service over HTTP: {@code GET /products/{id}}, 200 = exists, 404 = does not. */
final class RemoteProducts implements CartPorts.Products {
    private static final Set<String> NOT_FOUND = Set.of("PRODUCT_NOT_FOUND");
    private final RemoteService products;

    RemoteProducts(RemoteService products) {
        this.products = products;
    }

    @Override
    public boolean exists(int productId) {
        return products.get("/products/" + productId, NOT_FOUND).status() == 200;
    }
}
