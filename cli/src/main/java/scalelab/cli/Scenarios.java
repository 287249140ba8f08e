package scalelab.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import scalelab.albums.AlbumScenario;
import scalelab.catalog.CatalogScenario;
import scalelab.flashsale.FlashSaleScenario;
import scalelab.kv.KvScenario;
import scalelab.loadgen.Scenario;
import scalelab.resilience.CartScenario;

/** The built-in load scenarios, by name: each system brings its own. */
final class Scenarios {
    private static final Map<String, Supplier<Scenario>> ALL = Map.of(
            "albums",
            AlbumScenario::scenario,
            "kv",
            KvScenario::scenario,
            "catalog",
            CatalogScenario::scenario,
            "resilience-fixed",
            CartScenario::fixed,
            "resilience-vulnerable",
            CartScenario::vulnerable,
            "flashsale-async",
            FlashSaleScenario::async,
            "flashsale-sync",
            FlashSaleScenario::sync);

    static final String NAMES = String.join(", ", ALL.keySet().stream().sorted().toList());

    private Scenarios() {}

    static Scenario named(String name) {
        var scenario = ALL.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "': choose one of " + NAMES);
        }
        return scenario.get();
    }

    /** For picocli's completion candidates and help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.copyOf(ALL.keySet().stream().sorted().toList()).iterator();
        }
    }
}
