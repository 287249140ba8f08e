package scalelab.catalog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ApiException;

/**
 * The contract of every {@link Warehouse}: reserve, release and ship, alone and under contention. Each
 * implementation's test extends it and supplies a fresh seeded warehouse per test.
 */
abstract class WarehouseContract {
    protected Warehouse warehouse;

    /** A fresh warehouse holding products 1 and 2, each with {@link InMemoryWarehouse#SEED_UNITS} available. */
    abstract Warehouse newSeededWarehouse();

    /** Operations each of 16 threads runs in {@link #concurrentReserveReleaseAndShipNeverLoseOrInventUnits}. */
    int operationsPerThread() {
        return 5_000;
    }

    @BeforeEach
    void createWarehouse() {
        warehouse = newSeededWarehouse();
    }

    private static void assertRefused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void seededWarehouseHoldsProductsOneAndTwoWithNothingReserved() {
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, InMemoryWarehouse.SEED_UNITS, 0));
        assertThat(warehouse.stock(2)).isEqualTo(new Stock(2, InMemoryWarehouse.SEED_UNITS, 0));
        assertThat(warehouse.knows(1)).isTrue();
        assertThat(warehouse.knows(3)).isFalse();
        assertThat(warehouse.totals()).isEqualTo(new StockTotals(2, 2L * InMemoryWarehouse.SEED_UNITS, 0));
    }

    @Test
    void reserveMovesUnitsFromAvailableToReserved() {
        warehouse.reserve(1, 30);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 970, 30));
        assertThat(warehouse.stock(2)).isEqualTo(new Stock(2, 1000, 0));
    }

    @Test
    void everyAvailableUnitCanBeReservedButNotOneMore() {
        warehouse.reserve(1, 1000);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 0, 1000));
        assertRefused(() -> warehouse.reserve(1, 1), 400, "INSUFFICIENT_STOCK");
    }

    @Test
    void insufficientStockNamesRequestedAndAvailableAndReservesNothing() {
        warehouse.setStock(1, 3);
        assertThatThrownBy(() -> warehouse.reserve(1, 5)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INSUFFICIENT_STOCK");
            assertThat(e.details()).isEqualTo("product_id 1: requested 5, available 3");
        });
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 3, 0));
    }

    @Test
    void releaseGivesReservedUnitsBack() {
        warehouse.reserve(1, 10);
        warehouse.release(1, 4);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 994, 6));
        warehouse.release(1, 6);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void releasingMoreThanIsReservedIsRefusedAndChangesNothing() {
        warehouse.reserve(1, 2);
        assertThatThrownBy(() -> warehouse.release(1, 3)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INSUFFICIENT_RESERVED");
            assertThat(e.details()).isEqualTo("product_id 1: requested 3, reserved 2");
        });
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 998, 2));
    }

    @Test
    void shipTakesReservedUnitsAndLeavesAvailableAlone() {
        warehouse.reserve(1, 10);
        warehouse.ship(1, 7);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 990, 3));
        warehouse.ship(1, 3);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 990, 0));
    }

    @Test
    void shipNeverTakesAvailableUnits() {
        assertRefused(() -> warehouse.ship(1, 1), 400, "INSUFFICIENT_RESERVED");
        warehouse.reserve(1, 5);
        assertThatThrownBy(() -> warehouse.ship(1, 6))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.details()).isEqualTo("product_id 1: requested 6, reserved 5"));
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 995, 5));
    }

    @Test
    void releasedUnitsCanNoLongerBeShipped() {
        warehouse.reserve(1, 4);
        warehouse.release(1, 4);
        assertRefused(() -> warehouse.ship(1, 1), 400, "INSUFFICIENT_RESERVED");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 1000, 0));
    }

    @Test
    void everyOperationOnAnUnknownProductIs404() {
        List<ThrowingCallable> calls = List.of(
                () -> warehouse.reserve(99, 1),
                () -> warehouse.release(99, 1),
                () -> warehouse.ship(99, 1),
                () -> warehouse.stock(99));
        for (ThrowingCallable call : calls) {
            assertRefused(call, 404, "PRODUCT_NOT_FOUND");
        }
        assertThat(warehouse.knows(99)).isFalse();
        assertThat(warehouse.totals().products()).isEqualTo(2);
    }

    @Test
    void aQuantityOrProductIdBelowOneIs400BeforeTheProductIsLookedUp() {
        List<Consumer<int[]>> operations = List.of(
                args -> warehouse.reserve(args[0], args[1]),
                args -> warehouse.release(args[0], args[1]),
                args -> warehouse.ship(args[0], args[1]));
        warehouse.reserve(1, 5);
        for (Consumer<int[]> operation : operations) {
            for (int[] args : new int[][] {{1, 0}, {1, -1}, {1, Integer.MIN_VALUE}, {0, 1}, {-5, 1}, {99, 0}}) {
                assertRefused(() -> operation.accept(args), 400, "INVALID_REQUEST");
            }
        }
        assertThatThrownBy(() -> warehouse.reserve(0, 0))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.details()).isEqualTo("product_id must be >= 1; quantity must be >= 1"));
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 995, 5));
    }

    @Test
    void restockAddsAvailableUnitsAndCreatesUnknownProducts() {
        warehouse.reserve(1, 10);
        warehouse.restock(1, 5);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 995, 10));
        warehouse.restock(7, 3);
        assertThat(warehouse.knows(7)).isTrue();
        assertThat(warehouse.stock(7)).isEqualTo(new Stock(7, 3, 0));
    }

    @Test
    void setStockReplacesAvailableAndKeepsReserved() {
        warehouse.reserve(1, 10);
        warehouse.setStock(1, 0);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 0, 10));
        warehouse.setStock(8, 12);
        assertThat(warehouse.stock(8)).isEqualTo(new Stock(8, 12, 0));
    }

    @Test
    void seedingRefusesImpossibleStockNamingTheValue() {
        assertThatThrownBy(() -> warehouse.setStock(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> warehouse.setStock(0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("productId must be >= 1 but was 0");
        assertThatThrownBy(() -> warehouse.restock(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity must be >= 1 but was 0");
        assertThatThrownBy(() -> warehouse.restock(1, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than " + Integer.MAX_VALUE);
        warehouse.reserve(1, 10);
        assertThatThrownBy(() -> warehouse.setStock(1, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("available + reserved");
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 990, 10));
    }

    @Test
    void aFullProductCanBeReservedAndReleasedWithoutOverflow() {
        warehouse.setStock(3, Integer.MAX_VALUE);
        warehouse.reserve(3, Integer.MAX_VALUE);
        assertThat(warehouse.stock(3)).isEqualTo(new Stock(3, 0, Integer.MAX_VALUE));
        warehouse.release(3, Integer.MAX_VALUE);
        assertThat(warehouse.stock(3)).isEqualTo(new Stock(3, Integer.MAX_VALUE, 0));
    }

    @Test
    void hundredThreadsRacingForTheLastTenUnitsGetExactlyTen() throws Exception {
        warehouse.setStock(1, 10);
        int threads = 100;
        var start = new CountDownLatch(1);
        var succeeded = new AtomicInteger();
        var refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads); // real threads: a real race
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        warehouse.reserve(1, 1);
                        succeeded.incrementAndGet();
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo("INSUFFICIENT_STOCK");
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(succeeded).hasValue(10);
        assertThat(refused).hasValue(90);
        assertThat(warehouse.stock(1)).isEqualTo(new Stock(1, 0, 10));
    }

    @Test
    void concurrentReserveReleaseAndShipNeverLoseOrInventUnits() throws Exception {
        int threads = 16;
        int operationsPerThread = operationsPerThread();
        var start = new CountDownLatch(1);
        var shipped = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<Integer>>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> worker = () -> {
                    start.await();
                    var random = ThreadLocalRandom.current();
                    int held = 0; // units this worker reserved and has not yet shipped or released
                    for (int i = 0; i < operationsPerThread; i++) {
                        int quantity = 1 + random.nextInt(5);
                        try {
                            switch (random.nextInt(3)) {
                                case 0 -> {
                                    warehouse.reserve(1, quantity);
                                    held += quantity;
                                }
                                case 1 -> {
                                    if (held >= quantity) {
                                        warehouse.release(1, quantity);
                                        held -= quantity;
                                    }
                                }
                                default -> {
                                    if (held >= quantity) {
                                        warehouse.ship(1, quantity);
                                        held -= quantity;
                                        shipped.addAndGet(quantity);
                                    }
                                }
                            }
                        } catch (ApiException e) {
                            assertThat(e.code()).isEqualTo("INSUFFICIENT_STOCK"); // only reserve may run out
                        }
                    }
                    return held;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            int held = 0;
            for (Future<Integer> future : futures) {
                held += future.get();
            }
            Stock stock = warehouse.stock(1);
            assertThat(stock.reserved()).isEqualTo(held);
            assertThat(stock.available() + stock.reserved() + shipped.get()).isEqualTo(InMemoryWarehouse.SEED_UNITS);
        } finally {
            pool.shutdownNow();
        }
    }
}
