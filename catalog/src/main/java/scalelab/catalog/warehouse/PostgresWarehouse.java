package scalelab.catalog.warehouse;

import java.sql.ResultSet;
import java.util.Optional;
import scalelab.catalog.CatalogDatabase;

/**
 * A {@link Warehouse} in the {@code inventory} table, shared by every catalog instance on the database.
 * Each change is one {@code UPDATE} whose {@code WHERE} clause carries the check ("enough available?"),
 * so PostgreSQL's row lock makes the check and the change one step: two instances reserving the last
 * units can never both get them. When the update touches no row, a read tells a 404 from a refusal.
 */
public final class PostgresWarehouse implements Warehouse {
    private static final String MAX_UNITS = Integer.toString(Integer.MAX_VALUE);

    private final CatalogDatabase db;

    public PostgresWarehouse(CatalogDatabase db) {
        this.db = db;
    }

    @Override
    public void reserve(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        if (change(
                "UPDATE inventory SET available = available - ?, reserved = reserved + ?"
                        + " WHERE product_id = ? AND available >= ?",
                productId,
                quantity)) {
            return;
        }
        Stock stock = stock(productId); // 404 when unknown
        throw WarehouseErrors.insufficientStock(productId, quantity, stock.available());
    }

    @Override
    public void release(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        // available + reserved stays the same, so available + quantity cannot overflow
        if (!change(
                "UPDATE inventory SET available = available + ?, reserved = reserved - ?"
                        + " WHERE product_id = ? AND reserved >= ?",
                productId,
                quantity)) {
            throw WarehouseErrors.insufficientReserved(
                    productId, quantity, stock(productId).reserved());
        }
    }

    @Override
    public void ship(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        if (!db.query("UPDATE inventory SET reserved = reserved - ? WHERE product_id = ? AND reserved >= ?", ps -> {
            ps.setInt(1, quantity);
            ps.setInt(2, productId);
            ps.setInt(3, quantity);
            return ps.executeUpdate() == 1;
        })) {
            throw WarehouseErrors.insufficientReserved(
                    productId, quantity, stock(productId).reserved());
        }
    }

    @Override
    public Stock stock(int productId) {
        return find(productId).orElseThrow(() -> WarehouseErrors.notFound(productId));
    }

    @Override
    public boolean knows(int productId) {
        return find(productId).isPresent();
    }

    @Override
    public void restock(int productId, int quantity) {
        if (productId < 1) {
            throw new IllegalArgumentException("productId must be >= 1 but was " + productId);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1 but was " + quantity);
        }
        boolean done = db.query(
                "INSERT INTO inventory (product_id, available, reserved) VALUES (?, ?, 0)"
                        + " ON CONFLICT (product_id) DO UPDATE SET available = inventory.available + EXCLUDED.available"
                        + " WHERE inventory.available::BIGINT + inventory.reserved + EXCLUDED.available <= "
                        + MAX_UNITS,
                ps -> {
                    ps.setInt(1, productId);
                    ps.setInt(2, quantity);
                    return ps.executeUpdate() == 1;
                });
        if (!done) {
            throw new IllegalArgumentException("restocking " + quantity + " units of product " + productId
                    + " would hold more than " + Integer.MAX_VALUE + " units");
        }
    }

    @Override
    public void setStock(int productId, int available) {
        new Stock(productId, available, 0); // the same checks, and messages, as the in-memory warehouse
        boolean done = db.query(
                "INSERT INTO inventory (product_id, available, reserved) VALUES (?, ?, 0)"
                        + " ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available"
                        + " WHERE EXCLUDED.available::BIGINT + inventory.reserved <= " + MAX_UNITS,
                ps -> {
                    ps.setInt(1, productId);
                    ps.setInt(2, available);
                    return ps.executeUpdate() == 1;
                });
        if (!done) {
            throw new IllegalArgumentException("available + reserved must be <= " + Integer.MAX_VALUE
                    + " but would exceed it for product " + productId + " with available " + available);
        }
    }

    @Override
    public StockTotals totals() {
        return db.query(
                "SELECT count(*), coalesce(sum(available), 0), coalesce(sum(reserved), 0) FROM inventory", ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new StockTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                    }
                });
    }

    /** Runs a reserve- or release-shaped update; true when it changed the row. */
    private boolean change(String sql, int productId, int quantity) {
        return db.query(sql, ps -> {
            ps.setInt(1, quantity);
            ps.setInt(2, quantity);
            ps.setInt(3, productId);
            ps.setInt(4, quantity);
            return ps.executeUpdate() == 1;
        });
    }

    private Optional<Stock> find(int productId) {
        return db.query("SELECT available, reserved FROM inventory WHERE product_id = ?", ps -> {
            ps.setInt(1, productId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stock(productId, rs.getInt(1), rs.getInt(2))) : Optional.empty();
            }
        });
    }

    @Override
    public String toString() {
        return "PostgresWarehouse[" + db.describe() + "]";
    }
}
