package scalelab.flashsale.order;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import scalelab.core.json.Json;
import scalelab.flashsale.FlashSaleDatabase;

/**
 * The orders in the {@code orders} table, shared by the API and every worker process. Each status change is
 * one {@code UPDATE ... WHERE status NOT IN ('completed', 'failed') RETURNING}, so it is atomic and never
 * touches a final order. It does not close the database (its owner does).
 */
public final class PostgresOrderStore implements OrderStore {
    private static final String COLUMNS = "order_id, customer_id, status, items, created_at";
    private static final TypeReference<List<OrderItem>> ITEMS = new TypeReference<>() {};

    private final FlashSaleDatabase db;

    public PostgresOrderStore(FlashSaleDatabase db) {
        this.db = db;
    }

    @Override
    public void add(Order order) {
        int added = db.query(
                "INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT (order_id) DO NOTHING",
                ps -> {
                    ps.setObject(1, order.orderId());
                    ps.setInt(2, order.customerId());
                    ps.setString(3, order.status().wire());
                    ps.setString(4, Json.write(order.items()));
                    ps.setObject(5, OffsetDateTime.ofInstant(order.createdAt(), ZoneOffset.UTC));
                    return ps.executeUpdate();
                });
        if (added == 0) {
            throw new IllegalStateException("order " + order.orderId() + " exists already");
        }
    }

    @Override
    public Optional<Order> find(UUID orderId) {
        return db.query("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?", ps -> {
            ps.setObject(1, orderId);
            return one(ps);
        });
    }

    @Override
    public Optional<Order> moveTo(UUID orderId, OrderStatus status) {
        if (status == OrderStatus.PENDING) {
            throw new IllegalArgumentException("an order never moves back to pending");
        }
        Optional<Order> moved = db.query(
                "UPDATE orders SET status = ?, updated_at = now()"
                        + " WHERE order_id = ? AND status NOT IN ('completed', 'failed') RETURNING " + COLUMNS,
                ps -> {
                    ps.setString(1, status.wire());
                    ps.setObject(2, orderId);
                    return one(ps);
                });
        return moved.isPresent() ? moved : find(orderId); // final (unchanged) or unknown
    }

    @Override
    public boolean finish(UUID orderId, OrderStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("finish needs a final status but was " + status);
        }
        return db.query(
                        "UPDATE orders SET status = ?, updated_at = now()"
                                + " WHERE order_id = ? AND status NOT IN ('completed', 'failed')",
                        ps -> {
                            ps.setString(1, status.wire());
                            ps.setObject(2, orderId);
                            return ps.executeUpdate();
                        })
                == 1;
    }

    @Override
    public boolean removeIfPending(UUID orderId) {
        return db.query("DELETE FROM orders WHERE order_id = ? AND status = 'pending'", ps -> {
                    ps.setObject(1, orderId);
                    return ps.executeUpdate();
                })
                == 1;
    }

    @Override
    public Map<OrderStatus, Long> countByStatus() {
        return db.query("SELECT status, count(*) FROM orders GROUP BY status", ps -> {
            var counts = new EnumMap<OrderStatus, Long>(OrderStatus.class);
            for (OrderStatus status : OrderStatus.values()) {
                counts.put(status, 0L);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(status(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public String describe() {
        return db.describe();
    }

    private static Optional<Order> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Order(
                    rs.getObject(1, UUID.class),
                    rs.getInt(2),
                    status(rs.getString(3)),
                    items(rs.getString(4)),
                    rs.getObject(5, OffsetDateTime.class).toInstant()));
        }
    }

    private static List<OrderItem> items(String json) {
        try {
            return Json.mapper().readValue(json, ITEMS);
        } catch (IOException e) {
            throw new IllegalStateException("orders.items holds no list of items: " + e.getMessage(), e);
        }
    }

    private static OrderStatus status(String wire) {
        return OrderStatus.valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
