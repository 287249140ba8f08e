package scalelab.catalog.carts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import scalelab.catalog.CatalogDatabase;

/**
 * Carts and orders in PostgreSQL, shared by every catalog instance on the database. The claim is one
 * {@code UPDATE carts SET state = 'checking_out' WHERE id = ? AND state = 'open'}: of two checkouts of
 * one cart on two instances, PostgreSQL lets exactly one update the row; the other finds it no longer
 * open. Adding an item holds a share lock on the cart row, so an item is either in the claimed snapshot
 * or refused, never added unseen to a cart being checked out. The order and the cart's new state are
 * written in one transaction, and {@code orders.cart_id} is unique: one order per cart at most.
 */
public final class PostgresCartStore implements CartStore {
    private final CatalogDatabase db;

    public PostgresCartStore(CatalogDatabase db) {
        this.db = db;
    }

    @Override
    public int create(int customerId) {
        return db.query("INSERT INTO carts (customer_id) VALUES (?) RETURNING id", ps -> {
            ps.setInt(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public boolean exists(int cartId) {
        return db.query("SELECT 1 FROM carts WHERE id = ?", ps -> {
            ps.setInt(1, cartId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public Optional<CartView> find(int cartId) {
        return db.query(
                "SELECT c.customer_id, c.order_id, i.product_id, i.quantity FROM carts c"
                        + " LEFT JOIN cart_items i ON i.cart_id = c.id WHERE c.id = ? ORDER BY i.position",
                ps -> {
                    ps.setInt(1, cartId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<CartView>empty();
                        }
                        int customerId = rs.getInt(1);
                        int orderId = rs.getInt(2);
                        Integer order = rs.wasNull() ? null : orderId;
                        var items = new ArrayList<CartView.Item>();
                        do {
                            int productId = rs.getInt(3);
                            if (!rs.wasNull()) {
                                items.add(new CartView.Item(productId, rs.getInt(4)));
                            }
                        } while (rs.next());
                        return Optional.of(new CartView(cartId, customerId, items, order));
                    }
                });
    }

    @Override
    public void addItem(int cartId, int productId, int quantity) {
        db.transaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT state, order_id FROM carts WHERE id = ? FOR SHARE")) {
                ps.setInt(1, cartId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw CartErrors.notFound(cartId);
                    }
                    requireOpen(cartId, rs.getString(1), rs.getInt(2));
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (?, ?, ?)"
                            + " ON CONFLICT (cart_id, product_id) DO UPDATE"
                            + " SET quantity = cart_items.quantity + EXCLUDED.quantity"
                            + " WHERE cart_items.quantity::BIGINT + EXCLUDED.quantity <= " + Integer.MAX_VALUE)) {
                ps.setInt(1, cartId);
                ps.setInt(2, productId);
                ps.setInt(3, quantity);
                if (ps.executeUpdate() != 1) {
                    throw CartErrors.tooManyUnits();
                }
            }
            return null;
        });
    }

    @Override
    public Claim claim(int cartId) {
        return db.transaction(c -> {
            Integer customerId = null;
            try (PreparedStatement ps = c.prepareStatement("UPDATE carts SET state = 'checking_out', claimed_at = now()"
                    + " WHERE id = ? AND state = 'open' RETURNING customer_id")) {
                ps.setInt(1, cartId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        customerId = rs.getInt(1);
                    }
                }
            }
            if (customerId == null) {
                throw refusal(c, cartId);
            }
            var items = new LinkedHashMap<Integer, Integer>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT product_id, quantity FROM cart_items WHERE cart_id = ? ORDER BY position")) {
                ps.setInt(1, cartId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.put(rs.getInt(1), rs.getInt(2));
                    }
                }
            }
            if (items.isEmpty()) {
                throw CartErrors.empty(cartId); // rolls the claim back: the cart stays open
            }
            return new Claim(cartId, customerId, Collections.unmodifiableMap(items));
        });
    }

    /** Why a cart could not be claimed: it is gone, checked out, or claimed by another checkout. */
    private static RuntimeException refusal(Connection c, int cartId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, order_id FROM carts WHERE id = ?")) {
            ps.setInt(1, cartId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return CartErrors.notFound(cartId);
                }
                if (rs.getString(1).equals("checked_out")) {
                    return CartErrors.checkedOut(rs.getInt(2));
                }
                // checking_out, or open again because the other checkout failed a moment ago
                return CartErrors.checkoutInProgress(cartId);
            }
        }
    }

    @Override
    public int complete(Claim claim, String transactionId) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM carts WHERE id = ? FOR UPDATE")) {
                ps.setInt(1, claim.cartId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).equals("checking_out")) {
                        throw new IllegalStateException("cart " + claim.cartId() + " is not being checked out");
                    }
                }
            }
            int orderId;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO orders (cart_id, customer_id, transaction_id) VALUES (?, ?, ?) RETURNING order_id")) {
                ps.setInt(1, claim.cartId());
                ps.setInt(2, claim.customerId());
                ps.setString(3, transactionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    orderId = rs.getInt(1);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO order_items (order_id, product_id, quantity) VALUES (?, ?, ?)")) {
                for (var item : claim.items().entrySet()) {
                    ps.setInt(1, orderId);
                    ps.setInt(2, item.getKey());
                    ps.setInt(3, item.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE carts SET state = 'checked_out', order_id = ? WHERE id = ?")) {
                ps.setInt(1, orderId);
                ps.setInt(2, claim.cartId());
                ps.executeUpdate();
            }
            return orderId;
        });
    }

    @Override
    public void reopen(int cartId) {
        db.query("UPDATE carts SET state = 'open', claimed_at = NULL WHERE id = ? AND state = 'checking_out'", ps -> {
            ps.setInt(1, cartId);
            return ps.executeUpdate();
        });
    }

    @Override
    public Optional<Order> order(int orderId) {
        return db.query(
                "SELECT o.cart_id, o.customer_id, o.transaction_id, i.product_id, i.quantity FROM orders o"
                        + " LEFT JOIN order_items i ON i.order_id = o.order_id WHERE o.order_id = ?",
                ps -> {
                    ps.setInt(1, orderId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<Order>empty();
                        }
                        int cartId = rs.getInt(1);
                        int customerId = rs.getInt(2);
                        String transactionId = rs.getString(3);
                        var items = new HashMap<Integer, Integer>();
                        do {
                            int productId = rs.getInt(4);
                            if (!rs.wasNull()) {
                                items.put(productId, rs.getInt(5));
                            }
                        } while (rs.next());
                        return Optional.of(new Order(orderId, cartId, customerId, Map.copyOf(items), transactionId));
                    }
                });
    }

    @Override
    public long cartCount() {
        return count("SELECT count(*) FROM carts");
    }

    @Override
    public long orderCount() {
        return count("SELECT count(*) FROM orders");
    }

    @Override
    public String describe() {
        return db.describe();
    }

    private long count(String sql) {
        return db.query(sql, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void requireOpen(int cartId, String state, int orderId) {
        switch (state) {
            case "checked_out" -> throw CartErrors.checkedOut(orderId);
            case "checking_out" -> throw CartErrors.checkoutInProgress(cartId);
            default -> {}
        }
    }
}
