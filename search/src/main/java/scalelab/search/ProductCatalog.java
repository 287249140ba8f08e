package scalelab.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated catalogue: {@code size} products, the same on every instance and every run. Product
 * {@code i} (from 1) is brand {@code BRANDS[(i-1) % 5]} and category {@code CATEGORIES[((i-1) / 5) % 5]}, so
 * every brand meets every category; its name is {@code "Product <Brand> <i>"}.
 */
public final class ProductCatalog {
    /** The catalogue of API.md: 100,000 products. */
    public static final int DEFAULT_SIZE = 100_000;

    static final List<String> BRANDS = List.of("Alpha", "Beta", "Gamma", "Delta", "Epsilon");
    static final List<String> CATEGORIES = List.of("Electronics", "Books", "Home", "Clothing", "Sports");

    private final List<Product> products;
    /** Lower-case name and category of each product, side by side with {@link #products}: matched without allocating. */
    private final String[] lowerNames;

    private final String[] lowerCategories;

    private ProductCatalog(List<Product> products) {
        this.products = List.copyOf(products);
        this.lowerNames = new String[products.size()];
        this.lowerCategories = new String[products.size()];
        for (int i = 0; i < products.size(); i++) {
            lowerNames[i] = products.get(i).name().toLowerCase(Locale.ROOT);
            lowerCategories[i] = products.get(i).category().toLowerCase(Locale.ROOT);
        }
    }

    /** Generates {@code size} products deterministically. */
    public static ProductCatalog generate(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1 but was " + size);
        }
        var products = new ArrayList<Product>(size);
        for (int id = 1; id <= size; id++) {
            String brand = BRANDS.get((id - 1) % BRANDS.size());
            String category = CATEGORIES.get((id - 1) / BRANDS.size() % CATEGORIES.size());
            String name = "Product " + brand + " " + id;
            products.add(new Product(
                    id,
                    name,
                    category,
                    name + ": a " + category.toLowerCase(Locale.ROOT) + " item by " + brand,
                    brand));
        }
        return new ProductCatalog(products);
    }

    public int size() {
        return products.size();
    }

    Product get(int index) {
        return products.get(index);
    }

    /** Whether the product at {@code index} matches {@code lowerQuery} (already lower case) by name or category. */
    boolean matches(int index, String lowerQuery) {
        return lowerNames[index].contains(lowerQuery) || lowerCategories[index].contains(lowerQuery);
    }
}
