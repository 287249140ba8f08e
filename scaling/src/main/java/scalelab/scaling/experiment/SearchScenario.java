package scalelab.scaling.experiment;

import java.time.Duration;
import java.util.List;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/** Users searching products: {@code GET /products/search?q=...} with think time between(0.1, 0.5) s. */
public final class SearchScenario {
    static final List<String> QUERIES =
            List.of("alpha", "beta", "gamma", "delta", "epsilon", "electronics", "books", "home", "sports", "product");
    /** The request name in the load reports. */
    public static final String NAME = "/products/search";

    private SearchScenario() {}

    public static Scenario of(Duration minThink, Duration maxThink) {
        var user = UserType.named("searcher")
                .waitTime(WaitTime.between(minThink, maxThink))
                .task(
                        1,
                        Call.get(NAME, random -> "/products/search?q=" + QUERIES.get(random.nextInt(QUERIES.size())))
                                .expect(200));
        return Scenario.named("search", "product searches with think time").user(user);
    }
}
