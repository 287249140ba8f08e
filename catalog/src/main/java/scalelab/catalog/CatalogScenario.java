package scalelab.catalog;

import java.time.Duration;
import java.util.Locale;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Session;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The product catalog's load scenarios: users that {@code GET /products/{id}} and {@code POST
 * /products/{id}/details} for ids 1 to {@value #PRODUCTS} in a given ratio and think time. {@code
 * scalelab load --scenario catalog} is 3:1 with between(0.5, 1.5) s.
 *
 * <p>Only products 1 and 2 are seeded, so each user makes sure on start that ids 3 to {@value #PRODUCTS}
 * exist: it reads the last one and, when that is missing, creates them in order, the last one last (those
 * calls group apart, under {@code (setup)}). From then on every GET finds its product and every POST
 * replaces one, so any answer but 200 to a GET and 204 to a POST is a failure.
 *
 * <p>Each id has its own fixed request, built once (the body's {@code product_id} must equal the path's
 * id, so path and body cannot be drawn apart); all of them group under one name per endpoint.
 */
public final class CatalogScenario {
    /** The ids the scenario reads and writes: 1 to this. */
    public static final int PRODUCTS = 10;

    /** Products 1 and 2 are the catalog's seed data. */
    private static final int SEEDED = 2;

    static final String GET_NAME = "/products/{id}";
    static final String POST_NAME = "/products/{id}/details";

    private CatalogScenario() {}

    public static Scenario scenario() {
        return mix(3, 1, WaitTime.between(Duration.ofMillis(500), Duration.ofMillis(1500)));
    }

    /** GETs and POSTs in the ratio {@code gets:posts}, with {@code waitTime} between requests. */
    public static Scenario mix(int gets, int posts, WaitTime waitTime) {
        if (gets < 1 || posts < 1) {
            throw new IllegalArgumentException("a mix has at least one GET and one POST, not " + gets + ":" + posts);
        }
        var user = UserType.named("catalog-user").waitTime(waitTime).onStart(CatalogScenario::createProducts);
        for (int id = 1; id <= PRODUCTS; id++) { // the same weight per id keeps the ratio gets:posts
            user.task(gets, get(id)).task(posts, post(id));
        }
        return Scenario.named("catalog", "GET products and POST their details " + gets + ":" + posts)
                .user(user);
    }

    /** {@code GET /products/{id}}, grouped as {@value #GET_NAME}. */
    public static Call get(int id) {
        return Call.get("/products/" + id)
                .name(GET_NAME)
                .expect(200)
                .check(r -> r.text().contains("\"product_id\":" + id + ","), "not product " + id);
    }

    /** {@code POST /products/{id}/details} with a valid product of that id, grouped as {@value #POST_NAME}. */
    public static Call post(int id) {
        return Call.post("/products/" + id + "/details", body(id))
                .name(POST_NAME)
                .expect(204);
    }

    /** A valid product body for {@code id}. */
    public static String body(int id) {
        return String.format(
                Locale.ROOT,
                "{\"product_id\":%d,\"sku\":\"LOAD-%03d\",\"manufacturer\":\"Acme\",\"category_id\":%d,"
                        + "\"weight\":%d,\"some_other_id\":%d}",
                id,
                id,
                1 + id % 5,
                100 * id,
                1000 + id);
    }

    private static void createProducts(Session session) {
        var last = session.call(
                Call.get("/products/" + PRODUCTS).name(GET_NAME + " (setup)").expect(200, 404));
        if (last.status() == 200) {
            return;
        }
        for (int id = SEEDED + 1; id <= PRODUCTS; id++) {
            session.call(Call.post("/products/" + id + "/details", body(id))
                    .name(POST_NAME + " (setup)")
                    .expect(204));
        }
    }
}
