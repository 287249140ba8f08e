package scalelab.core.faults;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import scalelab.core.http.Handler;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/** A feature whose handlers all go through {@link Faults#apply}; see {@link Faults#inject}. */
record FaultInjectedRoutes(Routes inner, Faults faults) implements Routes {

    @Override
    public void register(Router router) {
        inner.register(new InjectingRouter(router, faults));
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
    private record InjectingRouter(Router router, Faults faults) implements Router {
        @Override
        public Router get(String path, Handler handler) {
            router.get(path, faults.apply(handler));
            return this;
        }

        @Override
        public Router post(String path, Handler handler) {
            router.post(path, faults.apply(handler));
            return this;
        }

        @Override
        public Router put(String path, Handler handler) {
            router.put(path, faults.apply(handler));
            return this;
        }

        @Override
        public Router delete(String path, Handler handler) {
            router.delete(path, faults.apply(handler));
            return this;
        }
    }
}
