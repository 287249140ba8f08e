package scalelab.resilience.product;

import java.util.Map;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The product reads of API.md. Any id that is not one of the products, numeric or not, is a 404.
 *
 * <pre>
 * curl -s localhost:8080/products/1
 * #Output: {"id":"1","name":"Laptop","price":999.99,"stock":10}
 * </pre>
 */
final class ProductRoutes implements Routes {
    private final ProductCatalog catalog;

    ProductRoutes(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void register(Router router) {
        router.get("/products", this::list).get("/products/{id}", this::getOne);
    }

    private void list(Exchange ex) {
        ex.json(200, catalog.all());
    }

    private void getOne(Exchange ex) {
        ex.json(
                200,
                catalog.find(ex.pathParam("id"))
                        .orElseThrow(() -> ApiException.notFound("PRODUCT_NOT_FOUND", "product not found")));
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        metrics.put("products_count", catalog.size());
    }
}
