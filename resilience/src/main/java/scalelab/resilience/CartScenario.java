package scalelab.resilience;

import java.time.Duration;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Session;
import scalelab.loadgen.Task;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The cart service's load scenario, one per variant: shoppers that add a product (id 1 to {@value
 * #PRODUCTS}, quantity 1) to their own cart ten times for every three times they view it, with between(0.5,
 * 2) s of think time. {@code scalelab load --scenario resilience-fixed} (or {@code resilience-vulnerable})
 * against a cart service.
 *
 * <p>Each user has its own cart ({@code user_id} {@code load-user-N}, N its number in spawn order), so the
 * cart paths differ per user; they group under {@code {prefix}/cart/{user}/add} and {@code
 * {prefix}/cart/{user}}. Any answer but 200 is a failure, as is a timeout.
 */
public final class CartScenario {
    /** Product ids drawn: 1 to this, the product service's seed. */
    public static final int PRODUCTS = 5;

    /** Weight of add-to-cart among a user's tasks. */
    static final int ADD_WEIGHT = 10;

    /** Weight of viewing the cart among a user's tasks. */
    static final int VIEW_WEIGHT = 3;

    private CartScenario() {}

    /** The variant served under {@code /fixed}. */
    public static Scenario fixed() {
        return of("/fixed", new InFlight());
    }

    /** The variant served under {@code /vulnerable}. */
    public static Scenario vulnerable() {
        return of("/vulnerable", new InFlight());
    }

    /**
     * Users of the variant under {@code prefix} ({@code /fixed} or {@code /vulnerable}; empty for the
     * variant a cart service was started as); every request is counted in {@code inFlight} from its
     * send to its answer.
     */
    public static Scenario of(String prefix, InFlight inFlight) {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a prefix looks like /fixed, not '" + prefix + "'");
        }
        String variant = prefix.isEmpty() ? "cart" : prefix.substring(1);
        var user = UserType.named(variant + "-shopper")
                .waitTime(WaitTime.between(Duration.ofMillis(500), Duration.ofSeconds(2)))
                .task(Task.code(ADD_WEIGHT, "POST " + addName(prefix), s -> counted(inFlight, s, add(prefix, s))))
                .task(Task.code(VIEW_WEIGHT, "GET " + viewName(prefix), s -> counted(inFlight, s, view(prefix, s))));
        return Scenario.named(
                        "resilience-" + variant,
                        "add to cart and view it " + ADD_WEIGHT + ":" + VIEW_WEIGHT + " under '" + prefix + "'")
                .user(user);
    }

    static String addName(String prefix) {
        return prefix + "/cart/{user}/add";
    }

    static String viewName(String prefix) {
        return prefix + "/cart/{user}";
    }

    /** This user's cart id. */
    static String userId(Session session) {
        return "load-user-" + session.id();
    }

    private static void counted(InFlight inFlight, Session session, Call call) {
        inFlight.started();
        try {
            session.call(call);
        } finally {
            inFlight.ended();
        }
    }

    /** The user's add call, built once per user (its path holds the user id) and kept in its session. */
    private static Call add(String prefix, Session session) {
        return (Call) session.data()
                .computeIfAbsent(
                        "add",
                        k -> Call.post(
                                        prefix + "/cart/" + userId(session) + "/add",
                                        random -> "{\"product_id\":\"" + (1 + random.nextInt(PRODUCTS))
                                                + "\",\"quantity\":1}")
                                .name(addName(prefix))
                                .expect(200));
    }

    private static Call view(String prefix, Session session) {
        return (Call) session.data()
                .computeIfAbsent(
                        "view",
                        k -> Call.get(prefix + "/cart/" + userId(session))
                                .name(viewName(prefix))
                                .expect(200));
    }
}
