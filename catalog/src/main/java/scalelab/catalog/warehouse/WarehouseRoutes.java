package scalelab.catalog.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.catalog.Input;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Problems;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The warehouse rows of API.md, plus a read-only {@code GET /warehouse/stock/{productId}} and {@code POST
 * /warehouse/release}, which gives reserved units back (a client whose checkout failed after reserving).
 *
 * <pre>
 * curl -s -i -X POST localhost:8080/warehouse/reserve -H 'Content-Type: application/json' -d '{"product_id":1,"quantity":2}'
 * #Output: HTTP/1.1 204 No Content
 * curl -s localhost:8080/warehouse/stock/1
 * #Output: {"product_id":1,"available":998,"reserved":2}
 * </pre>
 *
 * A body is checked before the product is looked up: an invalid body is a 400 even for an unknown product.
 */
public final class WarehouseRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(WarehouseRoutes.class);
    private final Warehouse warehouse;

    public WarehouseRoutes(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void register(Router router) {
        router.post("/warehouse/reserve", this::reserve)
                .post("/warehouse/ship", this::ship)
                .post("/warehouse/release", this::release)
                .get("/warehouse/stock/{productId}", this::stock);
    }

    private void reserve(Exchange ex) {
        Units units = Units.from(ex.body(JsonNode.class));
        warehouse.reserve(units.productId(), units.quantity());
        ex.empty(204);
    }

    private void ship(Exchange ex) {
        Units units = Units.from(ex.body(JsonNode.class));
        warehouse.ship(units.productId(), units.quantity());
        ex.empty(204);
    }

    /** Gives reserved units back (a checkout that failed after reserving): the carts service calls it. */
    private void release(Exchange ex) {
        Units units = Units.from(ex.body(JsonNode.class));
        warehouse.release(units.productId(), units.quantity());
        ex.empty(204);
    }

    private void stock(Exchange ex) {
        ex.json(200, warehouse.stock(Input.pathId("productId", ex.pathParam("productId"))));
    }

    @Override
    public Health health() {
        try {
            return Health.healthy(Map.of("warehouse", figures()));
        } catch (RuntimeException e) {
            log.warn("health: warehouse failed: {}", e.getMessage()); // the detail stays in the log
            return Health.unhealthy("warehouse unavailable");
        }
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        try {
            metrics.put("warehouse", figures());
        } catch (RuntimeException e) {
            metrics.put("warehouse", null);
        }
    }

    private Map<String, Object> figures() {
        StockTotals totals = warehouse.totals();
        var figures = new LinkedHashMap<String, Object>();
        figures.put("products", totals.products());
        figures.put("available", totals.available());
        figures.put("reserved", totals.reserved());
        return figures;
    }

    /** The body of reserve, release and ship: {@code {"product_id": int>=1, "quantity": int>=1}}. */
    private record Units(int productId, int quantity) {
        static Units from(JsonNode body) {
            Input.object(body);
            var problems = new Problems();
            int productId = Input.integer(body, "product_id", 1, problems);
            int quantity = Input.integer(body, "quantity", 1, problems);
            problems.throwIfAny("INVALID_REQUEST", "the request is invalid");
            return new Units(productId, quantity);
        }
    }
}
