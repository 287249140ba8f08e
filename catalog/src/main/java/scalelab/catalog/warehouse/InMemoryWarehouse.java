package scalelab.catalog.warehouse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * A {@link Warehouse} in a map of immutable {@link Stock} records. Every change replaces one product's
 * record inside {@link ConcurrentMap#computeIfPresent}, which runs atomically per key: two reservations
 * of the same product are applied one after the other, so the check "enough available?" and the
 * subtraction can never interleave. A refusal is thrown from inside the update and leaves the record as
 * it was.
 */
public final class InMemoryWarehouse implements Warehouse {
    /** Available units of each seed product in {@link #seeded()}: 1000. */
    public static final int SEED_UNITS = 1_000;

    // the only state; each entry is replaced atomically by compute*, never mutated in place
    private final ConcurrentMap<Integer, Stock> stocks = new ConcurrentHashMap<>();

    /** An empty warehouse: it knows no product until one is restocked or set. */
    public InMemoryWarehouse() {}

    /** Products 1 and 2 (the seed products of the catalog), each with {@link #SEED_UNITS} available. */
    public static InMemoryWarehouse seeded() {
        var warehouse = new InMemoryWarehouse();
        warehouse.setStock(1, SEED_UNITS);
        warehouse.setStock(2, SEED_UNITS);
        return warehouse;
    }

    @Override
    public void reserve(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        update(productId, stock -> {
            if (stock.available() < quantity) {
                throw WarehouseErrors.insufficientStock(productId, quantity, stock.available());
            }
            return new Stock(productId, stock.available() - quantity, stock.reserved() + quantity);
        });
    }

    @Override
    public void release(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        update(productId, stock -> {
            if (stock.reserved() < quantity) {
                throw WarehouseErrors.insufficientReserved(productId, quantity, stock.reserved());
            }
            return new Stock(productId, stock.available() + quantity, stock.reserved() - quantity);
        });
    }

    @Override
    public void ship(int productId, int quantity) {
        WarehouseErrors.checkRequest(productId, quantity);
        update(productId, stock -> {
            if (stock.reserved() < quantity) {
                throw WarehouseErrors.insufficientReserved(productId, quantity, stock.reserved());
            }
            return new Stock(productId, stock.available(), stock.reserved() - quantity);
        });
    }

    @Override
    public Stock stock(int productId) {
        Stock stock = stocks.get(productId);
        if (stock == null) {
            throw WarehouseErrors.notFound(productId);
        }
        return stock;
    }

    @Override
    public boolean knows(int productId) {
        return stocks.containsKey(productId);
    }

    @Override
    public void restock(int productId, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1 but was " + quantity);
        }
        stocks.compute(productId, (id, stock) -> {
            int available = stock == null ? 0 : stock.available();
            int reserved = stock == null ? 0 : stock.reserved();
            if ((long) available + reserved + quantity > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("restocking " + quantity + " units of product " + id
                        + " would hold more than " + Integer.MAX_VALUE + " units");
            }
            return new Stock(id, available + quantity, reserved);
        });
    }

    @Override
    public void setStock(int productId, int available) {
        stocks.compute(productId, (id, stock) -> new Stock(id, available, stock == null ? 0 : stock.reserved()));
    }

    @Override
    public StockTotals totals() {
        long products = 0;
        long available = 0;
        long reserved = 0;
        for (Stock stock : stocks.values()) {
            products++;
            available += stock.available();
            reserved += stock.reserved();
        }
        return new StockTotals(products, available, reserved);
    }

    private void update(int productId, UnaryOperator<Stock> change) {
        // never null for a known product: change returns a record or throws
        if (stocks.computeIfPresent(productId, (id, stock) -> change.apply(stock)) == null) {
            throw WarehouseErrors.notFound(productId);
        }
    }
}
