package scalelab.resilience.product;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The product service's fixed set of products, read-only and so safe to share between threads. */
final class ProductCatalog {
    private final Map<String, Product> byId;

    private ProductCatalog(List<Product> products) {
        var map = new LinkedHashMap<String, Product>();
        products.forEach(p -> map.put(p.id(), p));
        this.byId = map; // never written after construction
    }

    /** The five seed products of API.md. */
    static ProductCatalog seed() {
        return new ProductCatalog(List.of(
                new Product("1", "Laptop", new BigDecimal("999.99"), 10),
                new Product("2", "Mouse", new BigDecimal("29.99"), 100),
                new Product("3", "Keyboard", new BigDecimal("79.99"), 50),
                new Product("4", "Monitor", new BigDecimal("299.99"), 20),
                new Product("5", "Headphones", new BigDecimal("149.99"), 30)));
    }

    Optional<Product> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every product, in id order. */
    List<Product> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
