package scalelab.catalog.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.catalog.Input;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The products service of API.md.
 *
 * <pre>
 * curl -s localhost:8080/products/1
 * #Output: {"product_id":1,"sku":"LAPTOP-001","manufacturer":"Dell","category_id":1,"weight":2500,"some_other_id":101}
 * </pre>
 */
public final class ProductRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(ProductRoutes.class);

    private final ProductStore products;

    public ProductRoutes(ProductStore products) {
        this.products = products;
    }

    @Override
    public void register(Router router) {
        router.get("/products/{productId}", this::getOne).post("/products/{productId}/details", this::saveDetails);
    }

    private void getOne(Exchange ex) {
        int id = Input.pathId("productId", ex.pathParam("productId"));
        ex.json(200, products.find(id).orElseThrow(() -> notFound(id)));
    }

    private void saveDetails(Exchange ex) {
        int id = Input.pathId("productId", ex.pathParam("productId"));
        Product product = Product.from(ex.body(JsonNode.class));
        if (product.productId() != id) {
            throw ApiException.badRequest(
                    "ID_MISMATCH",
                    "the body's product_id differs from the path's productId",
                    "path productId " + id + ", body product_id " + product.productId());
        }
        products.save(product);
        ex.empty(204);
    }

    static ApiException notFound(int id) {
        return new ApiException(404, "PRODUCT_NOT_FOUND", "product not found", "product_id " + id);
    }

    @Override
    public Health health() {
        try {
            return Health.healthy(Map.of("products", products.count()));
        } catch (RuntimeException e) {
            log.warn("health: product store failed: {}", e.getMessage()); // the detail stays in the log
            return Health.unhealthy("product store unavailable");
        }
    }
}
