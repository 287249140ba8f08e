package scalelab.resilience.cart;

/**
 * What a cart learnt about a product: read live, taken from the cache of last-known products, not known
 * at all (the item's price is pending), or unknown to the product service (404).
 *
 * @param product the product, for {@link Source#LIVE} and {@link Source#CACHE}; null otherwise
 */
record Lookup(Source source, Product product) {
    enum Source {
        LIVE,
        CACHE,
        PENDING,
        NOT_FOUND
    }

    static Lookup live(Product product) {
        return new Lookup(Source.LIVE, product);
    }

    static Lookup cached(Product product) {
        return new Lookup(Source.CACHE, product);
    }

    static Lookup pending() {
        return new Lookup(Source.PENDING, null);
    }

    static Lookup notFound() {
        return new Lookup(Source.NOT_FOUND, null);
    }
}
