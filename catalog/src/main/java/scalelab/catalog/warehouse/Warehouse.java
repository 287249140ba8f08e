package scalelab.catalog.warehouse;

import scalelab.core.http.ApiException;

/**
 * The stock of each product: units are reserved for a checkout, then shipped, or released when the
 * checkout fails. The warehouse knows exactly the products it has a stock record for; any other id is
 * a 404 {@code PRODUCT_NOT_FOUND}. Every method is safe to call from many threads, and each change to
 * one product is atomic: concurrent reservations never hand out more units than are available.
 *
 * <pre>{@code
 * warehouse.reserve(1, 2); // available -2, reserved +2
 * warehouse.ship(1, 2);    // reserved -2: the units have left
 * // or, when the checkout fails after the reservation:
 * warehouse.release(1, 2); // reserved -2, available +2
 * }</pre>
 */
public interface Warehouse {

    /**
     * Moves {@code quantity} units of a product from available to reserved.
     *
     * @throws ApiException 400 {@code INVALID_REQUEST} when an argument is < 1, 404 {@code
     *     PRODUCT_NOT_FOUND}, 400 {@code INSUFFICIENT_STOCK} when fewer units are available (nothing
     *     is reserved then)
     */
    void reserve(int productId, int quantity);

    /**
     * Gives {@code quantity} reserved units back to available, e.g. when a checkout fails after its
     * reservation.
     *
     * @throws ApiException 400 {@code INVALID_REQUEST} when an argument is < 1, 404 {@code
     *     PRODUCT_NOT_FOUND}, 400 {@code INSUFFICIENT_RESERVED} when fewer units are reserved
     */
    void release(int productId, int quantity);

    /**
     * Ships {@code quantity} reserved units: they leave the warehouse. Available units are never shipped.
     *
     * @throws ApiException 400 {@code INVALID_REQUEST} when an argument is < 1, 404 {@code
     *     PRODUCT_NOT_FOUND}, 400 {@code INSUFFICIENT_RESERVED} when fewer units are reserved
     */
    void ship(int productId, int quantity);

    /**
     * The stock of one product, as it was at one moment.
     *
     * @throws ApiException 404 {@code PRODUCT_NOT_FOUND}
     */
    Stock stock(int productId);

    /** Whether the warehouse has a stock record for this product. */
    boolean knows(int productId);

    /**
     * Adds {@code quantity} available units (goods received), creating the product's stock record if
     * there is none. For seeding and operators, not for requests.
     *
     * @throws IllegalArgumentException when {@code productId} or {@code quantity} is < 1, or the product
     *     would hold more than {@link Integer#MAX_VALUE} units
     */
    void restock(int productId, int quantity);

    /**
     * Sets a product's available units (a stock count), keeping its reserved ones; creates the stock
     * record, with nothing reserved, if there is none. For seeding, tests and operators.
     *
     * @throws IllegalArgumentException when {@code productId} < 1, {@code available} < 0, or the product
     *     would hold more than {@link Integer#MAX_VALUE} units
     */
    void setStock(int productId, int available);

    /** Sums over every product; with concurrent changes, not necessarily of one moment. */
    StockTotals totals();
}
