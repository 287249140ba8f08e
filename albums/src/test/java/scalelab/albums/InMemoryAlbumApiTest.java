package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class InMemoryAlbumApiTest extends AlbumApiContract {
    @Override
    AlbumStore newStore() {
        return InMemoryAlbumStore.ofDefaults();
    }

    @Test
    void aFullStoreAnswers507AndStoresNothing() throws Exception {
        stopService();
        store = new InMemoryAlbumStore(4);
        server = scalelab.core.http.HttpServer.start(
                scalelab.core.http.ServerConfig.loopback("albums"), new AlbumRoutes(new AlbumService(store)));
        http = scalelab.testkit.TestHttp.of(server.uri());

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
}
