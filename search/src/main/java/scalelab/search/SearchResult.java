package scalelab.search;

import java.util.List;

/**
 * What one search found: at most {@link SearchService#MAX_RESULTS} products, how many of the checked products
 * matched, and how long the search took (the simulated CPU's wait included).
 */
public record SearchResult(List<Product> products, int totalFound, long nanos) {
    public SearchResult {
        products = List.copyOf(products);
    }
}
