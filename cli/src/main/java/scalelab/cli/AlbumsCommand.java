package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scalelab.albums.AlbumRoutes;
import scalelab.albums.AlbumService;
import scalelab.albums.AlbumStore;
import scalelab.albums.InMemoryAlbumStore;
import scalelab.albums.PostgresAlbumStore;
import scalelab.core.http.HttpServer;

@Command(
        name = "albums",
        mixinStandardHelpOptions = true,
        description = "Run the album REST API (in-memory store unless --db is given).",
        footer = {"", "Example:", "  curl -s localhost:8080/albums/1"})
final class AlbumsCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AlbumsCommand.class);

    @Mixin
    ServerOptions server;

    @Option(
            names = "--db",
            defaultValue = "${env:SCALELAB_DB_URL:-}",
            paramLabel = "URL",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres;"
                    + " empty = in-memory store (env SCALELAB_DB_URL).")
    String dbUrl;

    @Option(
            names = "--max-albums",
            defaultValue = "${env:SCALELAB_ALBUMS_MAX:-" + InMemoryAlbumStore.DEFAULT_MAX_ALBUMS + "}",
            paramLabel = "N",
            description = "Most albums the in-memory store holds; beyond it POST answers 507 STORE_FULL"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_ALBUMS_MAX).")
    int maxAlbums;

    @Override
    public Integer call() throws InterruptedException {
        if (maxAlbums < 1) {
            throw new IllegalArgumentException("--max-albums must be >= 1 but was " + maxAlbums);
        }
        AlbumStore store = dbUrl.isBlank() ? new InMemoryAlbumStore(maxAlbums) : PostgresAlbumStore.open(dbUrl);
        var config = server.config("albums");
        log.info(
                "albums config: host={} port={} maxBodyBytes={} store={}",
                config.host(),
                config.port(),
                config.maxBodyBytes(),
                store.describe()); // describe() redacts credentials
        var albums = new AlbumService(store);
        HttpServer http;
        try {
            http = HttpServer.start(config, new AlbumRoutes(albums));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Lifecycle.serve(List.of(http), store);
        return 0;
    }
}
