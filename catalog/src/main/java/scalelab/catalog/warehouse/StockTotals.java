package scalelab.catalog.warehouse;

/**
 * Sums over every product the warehouse holds, for {@code /health} and {@code /metrics}.
 *
 * @param products products with a stock record
 * @param available units free to reserve, over all products
 * @param reserved units held for checkouts, over all products
 */
public record StockTotals(long products, long available, long reserved) {}
