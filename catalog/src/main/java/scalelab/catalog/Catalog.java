package scalelab.catalog;

import java.time.Clock;
import java.util.List;
import scalelab.catalog.carts.CartPorts;
import scalelab.catalog.carts.CartRoutes;
import scalelab.catalog.carts.CartStore;
import scalelab.catalog.carts.Carts;
import scalelab.catalog.carts.InMemoryCartStore;
import scalelab.catalog.carts.PostgresCartStore;
import scalelab.catalog.payments.InMemoryPaymentLedger;
import scalelab.catalog.payments.PaymentLedger;
import scalelab.catalog.payments.PaymentRoutes;
import scalelab.catalog.payments.Payments;
import scalelab.catalog.payments.PostgresPaymentLedger;
import scalelab.catalog.products.InMemoryProductStore;
import scalelab.catalog.products.PostgresProductStore;
import scalelab.catalog.products.ProductRoutes;
import scalelab.catalog.products.ProductStore;
import scalelab.catalog.remote.Remotes;
import scalelab.catalog.warehouse.InMemoryWarehouse;
import scalelab.catalog.warehouse.PostgresWarehouse;
import scalelab.catalog.warehouse.Warehouse;
import scalelab.catalog.warehouse.WarehouseRoutes;
import scalelab.core.http.Routes;

/**
 * The composition root of the e-commerce API: the four services wired to each other in one process.
 * Carts reach products, the warehouse and payments through {@link CartPorts}; payments reach carts
 * through {@link scalelab.catalog.payments.CartDirectory}. In one process those ports are the services
 * themselves. The state sits in memory ({@link #inMemory()}) or in PostgreSQL ({@link #postgres(String)}),
 * where any number of instances share products, stock, carts, orders and payments. Close the catalog to
 * close its connection pool.
 *
 * <pre>{@code
 * var catalog = Catalog.inMemory();
 * HttpServer.start(ServerConfig.of("catalog", 8080), catalog.routes().toArray(Routes[]::new));
 * }</pre>
 */
public final class Catalog implements AutoCloseable {
    private final ProductStore products;
    private final Warehouse warehouse;
    private final Carts carts;
    private final Payments payments;
    private final CatalogDatabase database; // null in memory

    private Catalog(
            ProductStore products,
            Warehouse warehouse,
            CartStore cartStore,
            PaymentLedger ledger,
            CatalogDatabase database) {
        this.products = products;
        this.warehouse = warehouse;
        this.database = database;
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
                cartStore);
        this.payments = new Payments(carts::exists, Clock.systemUTC(), ledger);
    }

    /** Every service in memory, seeded with API.md's two products and their stock. */
    public static Catalog inMemory() {
        return new Catalog(
                InMemoryProductStore.seeded(),
                InMemoryWarehouse.seeded(),
                new InMemoryCartStore(Carts.DEFAULT_MAX_CARTS),
                new InMemoryPaymentLedger(Payments.DEFAULT_LEDGER_CAPACITY),
                null);
    }

    /**
     * Every service over the PostgreSQL database at {@code jdbcUrl}, in schema {@value
     * CatalogDatabase#DEFAULT_SCHEMA} (created and migrated when missing, seeded where empty).
     *
     * @throws scalelab.core.storage.StorageUnavailableException when the database cannot be reached
     */
    public static Catalog postgres(String jdbcUrl) {
        return postgres(jdbcUrl, CatalogDatabase.DEFAULT_SCHEMA);
    }

    /** {@link #postgres(String)} with the tables in {@code schema}, e.g. one per test. */
    public static Catalog postgres(String jdbcUrl, String schema) {
        CatalogDatabase db = CatalogDatabase.open(jdbcUrl, schema);
        return new Catalog(
                new PostgresProductStore(db),
                new PostgresWarehouse(db),
                new PostgresCartStore(db),
                new PostgresPaymentLedger(db),
                db);
    }

    /** Where the state is, without credentials: {@code memory} or the database URL and schema. */
    public String describe() {
        return database == null ? "memory" : database.describe();
    }

    /** Closes the connection pool, if any. */
    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }

    /** One of the four services, to run alone with the others reached over HTTP. */
    public enum Service {
        PRODUCTS,
        CARTS,
        WAREHOUSE,
        PAYMENTS;

        /** {@code products}, {@code carts}…: the command and the name in logs and URLs. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The routes of one service alone, in memory (seeded like {@link #inMemory()}), reaching the services it
     * depends on through {@code remotes}: carts needs products, warehouse and payments; payments needs
     * carts; products and the warehouse need nothing.
     *
     * <pre>{@code
     * var remotes = Remotes.of(RemoteConfig.forCartsLookup(), Credentials.none()).withCarts(cartsUrl);
     * HttpServer.start(ServerConfig.of("payments", 8084), Catalog.alone(Service.PAYMENTS, remotes).toArray(Routes[]::new));
     * }</pre>
     *
     * @throws IllegalStateException when a URL the service needs is not in {@code remotes}
     */
    public static List<Routes> alone(Service service, Remotes remotes) {
        return switch (service) {
            case PRODUCTS -> List.of(new ProductRoutes(InMemoryProductStore.seeded()));
            case WAREHOUSE -> List.of(new WarehouseRoutes(InMemoryWarehouse.seeded()));
            case CARTS ->
                List.of(new CartRoutes(
                        new Carts(remotes.products(), remotes.stock(), remotes.payments(), Carts.DEFAULT_MAX_CARTS)));
            case PAYMENTS -> List.of(new PaymentRoutes(new Payments(remotes.carts(), Clock.systemUTC())));
        };
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
