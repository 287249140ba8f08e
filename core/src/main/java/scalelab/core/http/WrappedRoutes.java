package scalelab.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A feature's routes with each handler passed through a wrapper as it is registered; see {@link
 * Routes#wrapping}. Health, metrics and meters are the inner feature's.
 */
record WrappedRoutes(Routes inner, Routes.HandlerWrapper wrapper) implements Routes {

    @Override
    public void register(Router router) {
        inner.register(new WrappingRouter(router, wrapper));
    }

    @Override
    public Health health() {
        return inner.health();
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        inner.describeMetrics(metrics);
    }

    @Override
    public void bindMeters(MeterRegistry registry) {
        inner.bindMeters(registry);
    }

    /** Registers on {@code router} with every handler wrapped; returns itself, so chained calls stay wrapped. */
    private record WrappingRouter(Router router, Routes.HandlerWrapper wrapper) implements Router {
        @Override
        public Router get(String path, Handler handler) {
            router.get(path, wrapper.wrap("GET", handler));
            return this;
        }

        @Override
        public Router post(String path, Handler handler) {
            router.post(path, wrapper.wrap("POST", handler));
            return this;
        }

        @Override
        public Router put(String path, Handler handler) {
            router.put(path, wrapper.wrap("PUT", handler));
            return this;
        }

        @Override
        public Router delete(String path, Handler handler) {
            router.delete(path, wrapper.wrap("DELETE", handler));
            return this;
        }
    }
}
