package scalelab.flashsale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.flashsale.function.FunctionOrderConsumer;
import scalelab.flashsale.order.OrderMessages;
import scalelab.flashsale.order.OrderRoutes;
import scalelab.flashsale.order.OrderStatus;
import scalelab.flashsale.worker.OrderConsumer;

/**
 * The flash sale's HTTP side: the order routes, and the service's part of {@code /health} and {@code
 * /metrics}.
 *
 * <pre>{@code
 * try (var sale = FlashSale.open(FlashSaleConfig.defaults())) {
 *     HttpServer.start(ServerConfig.of("flashsale", 8080), FlashSaleApp.routes(sale).toArray(Routes[]::new));
 * }
 * }</pre>
 */
public final class FlashSaleApp {
    private FlashSaleApp() {}

    public static List<Routes> routes(FlashSale sale) {
        return List.of(new OrderRoutes(sale.orders()), new ServiceRoutes(sale));
    }

    /**
     * A worker process's HTTP side: only its part of {@code /health} (broker and database reachable) and {@code
     * /metrics}, no order paths; for the probes of a container platform.
     */
    public static List<Routes> workerRoutes(FlashSale sale) {
        return List.of(new ServiceRoutes(sale));
    }

    /** Health and metrics of the whole flash sale. */
    private static final class ServiceRoutes implements Routes {
        private static final Logger log = LoggerFactory.getLogger(ServiceRoutes.class);
        private final FlashSale sale;

        ServiceRoutes(FlashSale sale) {
            this.sale = sale;
        }

        @Override
        public void register(Router router) {}

        /**
         * Unhealthy (503) while the broker cannot be reached, since every async order then gets 503 too, or the
         * database (when used) cannot. Cheap, as it is polled: the broker is asked for the order queue's depth
         * (one round trip; refused at once while the connection is down), the database for one order by key.
         */
        @Override
        public Health health() {
            var details = new LinkedHashMap<String, Object>();
            details.put("broker", sale.broker().describe());
            details.put("store", sale.store().describe());
            details.put("processor", sale.config().processor().label());
            details.put("workers", workers());
            var problems = new ArrayList<String>();
            boolean broker = reachable(() -> sale.broker().depth(OrderMessages.QUEUE));
            details.put("broker_reachable", broker);
            if (!broker) {
                problems.add("broker unreachable: async orders cannot be queued");
            }
            if (!sale.config().inMemoryStore()) {
                boolean database = reachable(() -> sale.store().find(NO_ORDER));
                details.put("database_reachable", database);
                if (!database) {
                    problems.add("database unreachable");
                }
            }
            if (problems.isEmpty()) {
                return Health.healthy(details);
            }
            details.put("reason", String.join("; ", problems));
            return new Health(false, details);
        }

        private static final UUID NO_ORDER = new UUID(0, 0);

        private static boolean reachable(Supplier<?> probe) {
            try {
                probe.get();
                return true;
            } catch (RuntimeException e) {
                log.debug("health: {}", e.toString());
                return false;
            }
        }

        /**
         * The figures of API.md and the issue. {@code store_completed}, {@code store_failed}, {@code store_pending}
         * and {@code store_processing} count the orders in the store by status: sync and async orders, every
         * process on a shared database, earlier runs on the same database included. {@code charges_recorded} and
         * {@code payment_attempts_recorded} count the ledger likewise. The others count what this process did. {@code in_flight} replaces core's requests in flight with the orders being
         * processed. A figure its source cannot give now (broker or database down) is null.
         */
        @Override
        public void describeMetrics(Map<String, Object> metrics) {
            var orders = sale.orders();
            var stats = sale.stats();
            Map<OrderStatus, Long> byStatus =
                    read("order counts", () -> sale.store().countByStatus());
            metrics.put("accepted", orders.accepted());
            metrics.put("async_rejected", orders.asyncRejected());
            metrics.put("store_completed", byStatus == null ? null : byStatus.get(OrderStatus.COMPLETED));
            metrics.put("store_failed", byStatus == null ? null : byStatus.get(OrderStatus.FAILED));
            metrics.put("store_pending", byStatus == null ? null : byStatus.get(OrderStatus.PENDING));
            metrics.put("store_processing", byStatus == null ? null : byStatus.get(OrderStatus.PROCESSING));
            metrics.put("sync_completed", orders.syncCompleted());
            metrics.put("sync_rejected", orders.syncRejected());
            metrics.put("sync_failed", orders.syncFailed());
            metrics.put("sync_waiting", orders.gate().waiting());
            metrics.put("queue_depth", read("queue depth", () -> sale.broker().depth(OrderMessages.QUEUE)));
            metrics.put(
                    "dead_lettered",
                    read("dead-letter depth", () -> sale.broker().depth(OrderMessages.PROCESSING.deadLetterQueue())));
            OrderConsumer consumer = sale.consumer();
            metrics.put("in_flight", consumer == null ? 0 : consumer.inFlight());
            metrics.put("workers", workers());
            metrics.put("processor", sale.config().processor().label());
            metrics.put("processing_rate", Math.round(stats.processingRate() * 100) / 100.0);
            metrics.put("worker_completed", stats.completedCount());
            metrics.put("worker_failed", stats.failedCount());
            metrics.put("retried", stats.retriedCount());
            metrics.put("poison", stats.poisonCount());
            metrics.put("unknown_skipped", stats.unknownCount());
            var gateway = sale.gateway();
            metrics.put("payments_started", gateway.paymentsStarted());
            metrics.put("payment_takeovers", gateway.takeovers());
            metrics.put("charges", gateway.charges());
            metrics.put("duplicate_charges_prevented", gateway.duplicatesPrevented());
            metrics.put("payments_waited", gateway.waitedForAnotherPayer());
            metrics.put("payment_leases_lost", gateway.leasesLost());
            metrics.put(
                    "charges_recorded",
                    read("charges recorded", () -> sale.ledger().count()));
            metrics.put(
                    "payment_attempts_recorded",
                    read("payment attempts recorded", () -> sale.ledger().totalAttempts()));
            metrics.put("payment_time_ms", sale.gateway().paymentTime().toMillis());
            if (consumer instanceof FunctionOrderConsumer function) {
                metrics.putAll(function.metrics()); // the function's cold starts, billed duration, throttles
            }
            var audit = sale.audit();
            metrics.put("audited", audit == null ? 0 : audit.audited());
            metrics.put("audit_recent", audit == null ? List.of() : audit.recent());
        }

        private int workers() {
            OrderConsumer consumer = sale.consumer();
            return consumer == null ? 0 : consumer.workers();
        }

        private static <T> T read(String what, Supplier<T> source) {
            try {
                return source.get();
            } catch (RuntimeException e) {
                log.debug("metrics: {} unavailable: {}", what, e.toString());
                return null;
            }
        }
    }
}
