package scalelab.catalog.warehouse;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The units of one product the warehouse holds: {@code available} can be reserved, {@code reserved} are
 * held for checkouts and can be shipped or released. Together they never exceed {@link Integer#MAX_VALUE}.
 *
 * @param productId the product, >= 1
 * @param available units free to reserve, >= 0
 * @param reserved units held for checkouts, >= 0
 */
public record Stock(
        @JsonProperty("product_id") int productId,
        @JsonProperty("available") int available,
        @JsonProperty("reserved") int reserved) {

    public Stock {
        if (productId < 1) {
            throw new IllegalArgumentException("productId must be >= 1 but was " + productId);
        }
        if (available < 0 || reserved < 0) {
            throw new IllegalArgumentException(
                    "available and reserved must be >= 0 but were " + available + " and " + reserved);
        }
        if ((long) available + reserved > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("available + reserved must be <= " + Integer.MAX_VALUE + " but was "
                    + ((long) available + reserved) + " for product " + productId);
        }
    }
}
