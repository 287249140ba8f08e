package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.testkit.TestHttp;

class InMemoryAlbumApiTest extends AlbumApiContract {
    @Override
    AlbumStore newStore() {
        return InMemoryAlbumStore.ofDefaults();
    }

    @Test
    void aFullStoreAnswers507AndStoresNothing() throws Exception {
        stopService();
        store = new InMemoryAlbumStore(4);
        server = HttpServer.start(ServerConfig.loopback("albums"), new AlbumRoutes(new AlbumService(store)));
        http = TestHttp.of(server.uri());

        assertThat(http.post("/albums", GIANT_STEPS).statusCode()).isEqualTo(201);
        assertRejectedWithoutChange(507, "STORE_FULL", () -> http.post("/albums", GIANT_STEPS));
        assertThat(http.delete("/albums/4").statusCode()).isEqualTo(200);
        assertThat(http.post("/albums", GIANT_STEPS).statusCode()).isEqualTo(201); // room again
    }

    @Test
    void aLargeStoreStreamsItsWholeListAndPagesIt() {
        for (int i = 0; i < 20_000; i++) {
            store.create(new AlbumRequest(null, "Title " + i, "Artist", BigDecimal.ONE));
        }
        assertThat(all()).hasSize(20_003);
        var page = json(http.get("/albums?limit=2&offset=20000"));
        assertThat(page).hasSize(2);
        assertThat(page.get(0).get("title").asText()).isEqualTo("Title 19997");
    }

    static AlbumRequest numbered(int i) {
        return new AlbumRequest(null, "Title " + i, "Artist", BigDecimal.ONE);
    }

    @Test
    void churnDoesNotGrowTheStoreBeyondTheAlbumsItHolds() {
        var churned = new InMemoryAlbumStore(100);
        for (int i = 0; i < 50_000; i++) {
            Album album = churned.create(numbered(i));
            assertThat(churned.delete(album.id())).isTrue();
        }
        assertThat(churned.count()).isEqualTo(3);
        assertThat(churned.slotsInUse()).isLessThanOrEqualTo(2 * 4096);
        var listed = new ArrayList<Album>();
        churned.list(0, Long.MAX_VALUE, listed::add);
        assertThat(listed).isEqualTo(Album.SEED);
        assertThat(churned.find("2")).contains(Album.SEED.get(1));
        assertThat(churned.replace(Album.SEED.get(2).withId("3"))).isPresent();
    }

    @Test
    void listingsDuringConcurrentInsertsArePrefixesOfTheFinalOrder() throws Exception {
        var growing = new InMemoryAlbumStore(1_000_000);
        var listings = new ConcurrentLinkedQueue<List<String>>();
        var done = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                var ids = new ArrayList<String>();
                growing.list(0, Long.MAX_VALUE, a -> ids.add(a.id()));
                listings.add(ids);
            }
        });
        List<Integer> created = concurrently(20_000, () -> {
            growing.create(numbered(0));
            return 1;
        });
        done.set(true);
        reader.join();
        var finalIds = new ArrayList<String>();
        growing.list(0, Long.MAX_VALUE, a -> finalIds.add(a.id()));
        assertThat(finalIds).hasSize(3 + created.size()).doesNotHaveDuplicates();
        assertThat(listings)
                .isNotEmpty()
                .allSatisfy(ids -> assertThat(finalIds.subList(0, ids.size())).isEqualTo(ids));
    }

    @Test
    void albumsThatStayAreInEveryListingWhileOthersChurnAndCompact() throws Exception {
        var churning = new InMemoryAlbumStore(1_000_000);
        var done = new AtomicBoolean();
        var missing = new AtomicInteger();
        var listings = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                var ids = new HashSet<String>();
                churning.list(0, Long.MAX_VALUE, a -> ids.add(a.id()));
                if (!ids.containsAll(List.of("1", "2", "3"))) {
                    missing.incrementAndGet();
                }
                listings.incrementAndGet();
            }
        });
        concurrently(40_000, () -> churning.delete(churning.create(numbered(0)).id()));
        done.set(true);
        reader.join();
        assertThat(listings.get()).isPositive();
        assertThat(missing.get()).isZero();
        assertThat(churning.count()).isEqualTo(3);
    }
}
