package scalelab.catalog.products;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import scalelab.core.http.ApiException;

/** Products in a map, capped so a flood of writes cannot exhaust the heap (507 beyond it). */
public final class InMemoryProductStore implements ProductStore {
    public static final int DEFAULT_MAX_PRODUCTS = 1_000_000;

    private final Map<Integer, Product> products = new ConcurrentHashMap<>();
    private final int maxProducts;

    public InMemoryProductStore(int maxProducts) {
        this.maxProducts = maxProducts;
    }

    /** The two seed products of API.md's issue: a Dell laptop (1) and an Apple phone (2). */
    public static InMemoryProductStore seeded() {
        var store = new InMemoryProductStore(DEFAULT_MAX_PRODUCTS);
        store.save(Product.LAPTOP);
        store.save(Product.PHONE);
        return store;
    }

    @Override
    public Optional<Product> find(int productId) {
        return Optional.ofNullable(products.get(productId));
    }

    @Override
    public void save(Product product) {
        if (products.size() >= maxProducts && !products.containsKey(product.productId())) {
            throw new ApiException(
                    507, "STORE_FULL", "the catalog holds its maximum of " + maxProducts + " products", null);
        }
        products.put(product.productId(), product);
    }

    @Override
    public long count() {
        return products.size();
    }
}
