package scalelab.search;

import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fixed-cost search of API.md: every query checks exactly {@code productsChecked} products (a window of
 * the catalogue that starts at a position drawn from the query, so one query always sees the same products),
 * case-insensitive match on name or category, and returns the first {@link #MAX_RESULTS} matches. Every
 * search then takes its turn on the instance's {@link Cpu}: nothing more on the real CPU, a fixed service time
 * on a {@link SimulatedCpu}.
 */
public final class SearchService {
    /** Most products in one answer. */
    public static final int MAX_RESULTS = 20;

    /** Products each query checks, by default. */
    public static final int DEFAULT_PRODUCTS_CHECKED = 100;

    private final ProductCatalog catalog;
    private final int productsChecked;
    private final Cpu cpu;
    private final LongAdder searches = new LongAdder();

    public SearchService(ProductCatalog catalog, int productsChecked, Cpu cpu) {
        if (productsChecked < 1 || productsChecked > catalog.size()) {
            throw new IllegalArgumentException(
                    "productsChecked must be 1.." + catalog.size() + " but was " + productsChecked);
        }
        this.catalog = catalog;
        this.productsChecked = productsChecked;
        this.cpu = cpu;
    }

    public SearchResult search(String query) throws InterruptedException {
        long start = System.nanoTime();
        String lower = query.toLowerCase(Locale.ROOT);
        int size = catalog.size();
        int first = Math.floorMod(lower.hashCode() * 0x9E3779B1, size); // spread similar queries apart
        var found = new ArrayList<Product>(MAX_RESULTS);
        int total = 0;
        for (int i = 0; i < productsChecked; i++) {
            int index = first + i < size ? first + i : first + i - size;
            if (catalog.matches(index, lower)) {
                total++;
                if (found.size() < MAX_RESULTS) {
                    found.add(catalog.get(index));
                }
            }
        }
        cpu.serve();
        searches.increment();
        return new SearchResult(found, total, System.nanoTime() - start);
    }

    public int productsCount() {
        return catalog.size();
    }

    public int productsChecked() {
        return productsChecked;
    }

    public long searches() {
        return searches.sum();
    }

    public Cpu cpu() {
        return cpu;
    }
}
