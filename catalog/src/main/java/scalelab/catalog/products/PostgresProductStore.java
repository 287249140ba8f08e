package scalelab.catalog.products;

import java.sql.ResultSet;
import java.util.Optional;
import scalelab.catalog.CatalogDatabase;

/**
 * Products in the {@code products} table, so every catalog instance on the database agrees on them. A
 * save is one upsert: create or replace, never a duplicate, whatever the number of writers.
 */
public final class PostgresProductStore implements ProductStore {
    private final CatalogDatabase db;

    public PostgresProductStore(CatalogDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Product> find(int productId) {
        return db.query(
                "SELECT product_id, sku, manufacturer, category_id, weight, some_other_id FROM products"
                        + " WHERE product_id = ?",
                ps -> {
                    ps.setInt(1, productId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next()
                                ? Optional.of(new Product(
                                        rs.getInt(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getInt(4),
                                        rs.getInt(5),
                                        rs.getInt(6)))
                                : Optional.empty();
                    }
                });
    }

    @Override
    public void save(Product product) {
        db.query(
                "INSERT INTO products (product_id, sku, manufacturer, category_id, weight, some_other_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE SET"
                        + " sku = EXCLUDED.sku, manufacturer = EXCLUDED.manufacturer,"
                        + " category_id = EXCLUDED.category_id, weight = EXCLUDED.weight,"
                        + " some_other_id = EXCLUDED.some_other_id",
                ps -> {
                    ps.setInt(1, product.productId());
                    ps.setString(2, product.sku());
                    ps.setString(3, product.manufacturer());
                    ps.setInt(4, product.categoryId());
                    ps.setInt(5, product.weight());
                    ps.setInt(6, product.someOtherId());
                    return ps.executeUpdate();
                });
    }

    @Override
    public long count() {
        return db.query("SELECT count(*) FROM products", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
