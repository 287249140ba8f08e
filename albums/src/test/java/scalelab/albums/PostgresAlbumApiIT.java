package scalelab.albums;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.core.storage.Postgres;
import scalelab.core.storage.StorageUnavailableException;
import scalelab.testkit.RealServices;

/** The album contract against the real PostgreSQL at $SCALELAB_DB_URL, one fresh schema per test. */
class PostgresAlbumApiIT extends AlbumApiContract {
    private String serverUrl;
    private String schema;

    @Override
    AlbumStore newStore() {
        serverUrl = RealServices.postgresUrl();
        schema = "albums_it_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return PostgresAlbumStore.open(schemaUrl());
    }

    private String schemaUrl() {
        return Postgres.withCurrentSchema(serverUrl, schema);
    }

    @AfterEach
    void dropSchema() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) {
        Postgres.execute(serverUrl, sql);
    }

    @Test
    void aSecondInstanceOnTheSameDatabaseSeesTheSameAlbumsAndDoesNotReseed() {
        http.post("/albums", GIANT_STEPS);
        http.delete("/albums/1");
        try (AlbumStore second = PostgresAlbumStore.open(schemaUrl())) {
            var ids = new ArrayList<String>();
            second.list(0, Long.MAX_VALUE, album -> ids.add(album.id()));
            assertThat(ids).containsExactly("2", "3", "4");
        }
    }

    @Test
    void anUnreachableDatabaseFailsFastWithAClearMessage() {
        long start = System.nanoTime();
        Assertions.assertThatThrownBy(() -> PostgresAlbumStore.open("jdbc:postgresql://127.0.0.1:1/test?user=postgres"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
