package scalelab.catalog.products;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import scalelab.catalog.Input;
import scalelab.core.http.Problems;

/** A product of the catalog, as API.md spells it. Every field is required. */
public record Product(
        @JsonProperty("product_id") int productId,
        @JsonProperty("sku") String sku,
        @JsonProperty("manufacturer") String manufacturer,
        @JsonProperty("category_id") int categoryId,
        @JsonProperty("weight") int weight,
        @JsonProperty("some_other_id") int someOtherId) {

    /** The seed data of an empty catalog. */
    public static final Product LAPTOP = new Product(1, "LAPTOP-001", "Dell", 1, 2500, 101);

    public static final Product PHONE = new Product(2, "PHONE-001", "Apple", 2, 200, 102);

    /** Reads a product body strictly: every problem in one 400 {@code INVALID_PRODUCT}. */
    public static Product from(JsonNode body) {
        Input.object(body);
        var problems = new Problems();
        int productId = Input.integer(body, "product_id", 1, problems);
        String sku = Input.string(body, "sku", 1, 100, problems);
        String manufacturer = Input.string(body, "manufacturer", 1, 200, problems);
        int categoryId = Input.integer(body, "category_id", 1, problems);
        int weight = Input.integer(body, "weight", 0, problems);
        int someOtherId = Input.integer(body, "some_other_id", 1, problems);
        problems.throwIfAny("INVALID_PRODUCT", "the product is invalid");
        return new Product(productId, sku, manufacturer, categoryId, weight, someOtherId);
    }
}
