package scalelab.catalog;

import java.time.Clock;
import java.util.List;
import scalelab.catalog.carts.CartPorts;
import scalelab.catalog.carts.CartRoutes;
import scalelab.catalog.carts.Carts;
import scalelab.catalog.payments.PaymentRoutes;
import scalelab.catalog.payments.Payments;
import scalelab.catalog.products.InMemoryProductStore;
import scalelab.catalog.products.ProductRoutes;
import scalelab.catalog.products.ProductStore;
import scalelab.catalog.warehouse.InMemoryWarehouse;
import scalelab.catalog.warehouse.Warehouse;
import scalelab.catalog.warehouse.WarehouseRoutes;
import scalelab.core.http.Routes;

/**
 * The composition root of the e-commerce API: the four services wired to each other in one process.
 * Carts reach products, the warehouse and payments through {@link CartPorts}; payments reach carts
 * through {@link scalelab.catalog.payments.CartDirectory}. In one process those ports are the services
 * themselves.
 *
 * <pre>{@code
 * var catalog = Catalog.inMemory();
 * HttpServer.start(ServerConfig.of("catalog", 8080), catalog.routes().toArray(Routes[]::new));
 * }</pre>
 */
public final class Catalog {
    private final ProductStore products;
    private final Warehouse warehouse;
    private final Carts carts;
    private final Payments payments;

    private Catalog(ProductStore products, Warehouse warehouse, int maxCarts) {
        this.products = products;
        this.warehouse = warehouse;
        // carts and payments know each other: each port reads the other's field when called
        this.carts = new Carts(
                productId -> products.find(productId).isPresent(),
                new CartPorts.Stock() {
                    @Override
                    public void reserve(int productId, int quantity) {
                        warehouse.reserve(productId, quantity);
                    }

                    @Override
                    public void release(int productId, int quantity) {
                        warehouse.release(productId, quantity);
                    }
                },
                new CartPorts.Payments() {
                    @Override
                    public String charge(String cardNumber, int cartId) {
                        return Catalog.this.payments.chargeOrThrow(cardNumber, cartId);
                    }

                    @Override
                    public java.util.Optional<String> paidFor(int cartId) {
                        return Catalog.this.payments.paidFor(cartId);
                    }
                },
                maxCarts);
        this.payments = new Payments(carts::exists, Clock.systemUTC());
    }

    /** Every service in memory, seeded with API.md's two products and their stock. */
    public static Catalog inMemory() {
        return new Catalog(InMemoryProductStore.seeded(), InMemoryWarehouse.seeded(), Carts.DEFAULT_MAX_CARTS);
    }

    /** The HTTP routes of all four services, to serve on one port. */
    public List<Routes> routes() {
        return List.of(
                new ProductRoutes(products),
                new CartRoutes(carts),
                new WarehouseRoutes(warehouse),
                new PaymentRoutes(payments),
                new ApiDocs());
    }

    public ProductStore products() {
        return products;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public Carts carts() {
        return carts;
    }

    public Payments payments() {
        return payments;
    }
}
