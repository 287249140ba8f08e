package scalelab.catalog.products;

import java.util.Optional;

/** Where products live. Thread-safe. */
public interface ProductStore {
    Optional<Product> find(int productId);

    /** Creates or replaces the product with this id. */
    void save(Product product);

    long count();
}
