package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import scalelab.core.http.ErrorBody;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.testkit.TestHttp;

/** A PostgreSQL that goes away under a running album service: 503s and an unhealthy /health, not 500s. */
class DatabaseOutageIT {
    @Test
    void aLostDatabaseAnswers503AndTurnsHealthUnhealthy() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        try (AlbumStore store = PostgresAlbumStore.open(postgres.getJdbcUrl("postgres", "postgres"));
                HttpServer server =
                        HttpServer.start(ServerConfig.loopback("albums"), new AlbumRoutes(new AlbumService(store)))) {
            var http = TestHttp.of(server.uri());
            assertThat(http.get("/albums/1").statusCode()).isEqualTo(200);

            postgres.close(); // the database goes away

            long start = System.nanoTime();
            var response = http.get("/albums/1");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Json.read(response.body(), ErrorBody.class).error()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(http.post("/albums", AlbumApiContract.GIANT_STEPS).statusCode())
                    .isEqualTo(503);
            assertThat(http.get("/health").statusCode()).isEqualTo(503);
            var list = http.get("/albums"); // not "200 []": a list the store could not give is an error
            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(list.body()).contains("STORE_UNAVAILABLE");
        } finally {
            postgres.close();
        }
    }
}
