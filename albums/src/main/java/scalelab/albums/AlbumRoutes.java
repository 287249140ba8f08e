package scalelab.albums;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Health;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;
import scalelab.core.json.Json;

/**
 * The album REST API of API.md.
 *
 * <pre>
 * curl -s localhost:8080/albums/1
 * #Output: {"id":"1","title":"Blue Train","artist":"John Coltrane","price":56.99}
 * </pre>
 *
 * {@code GET /albums} streams its array, and takes {@code ?limit=&offset=} (default: everything).
 */
public final class AlbumRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(AlbumRoutes.class);
    private final AlbumService albums;

    public AlbumRoutes(AlbumService albums) {
        this.albums = albums;
    }

    @Override
    public void register(Router router) {
        router.get("/albums", this::list)
                .get("/albums/{id}", this::getOne)
                .post("/albums", this::create)
                .put("/albums/{id}", this::replace)
                .delete("/albums/{id}", this::delete);
    }

    private void list(Exchange ex) {
        long offset = paging(ex, "offset", 0);
        long limit = paging(ex, "limit", -1);
        ex.stream(200, "application/json", out -> {
            // no try-with-resources: closing on a failure would finish the array and pass a cut
            // list off as a whole one
            JsonGenerator json = Json.mapper().createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartArray();
            albums.list(offset, limit, album -> write(json, album));
            json.writeEndArray();
            json.close();
        });
    }

    private void getOne(Exchange ex) {
        ex.json(200, albums.find(ex.pathParam("id")).orElseThrow(() -> AlbumService.NOT_FOUND));
    }

    private void create(Exchange ex) {
        ex.json(201, albums.create(ex.body(AlbumRequest.class)));
    }

    private void replace(Exchange ex) {
        ex.json(200, albums.replace(ex.pathParam("id"), ex.body(AlbumRequest.class)));
    }

    private void delete(Exchange ex) {
        albums.delete(ex.pathParam("id"));
        ex.json(200, Map.of("message", "album deleted"));
    }

    @Override
    public Health health() {
        try {
            return Health.healthy(Map.of("albums", albums.count()));
        } catch (RuntimeException e) {
            log.warn("health: album store failed: {}", e.getMessage()); // the detail stays in the log
            return Health.unhealthy("album store unavailable");
        }
    }

    @Override
    public void describeMetrics(Map<String, Object> metrics) {
        metrics.put("store", albums.describeStore());
        try {
            metrics.put("albums", albums.count());
        } catch (RuntimeException e) {
            metrics.put("albums", null);
        }
    }

    private static long paging(Exchange ex, String name, long absent) {
        String value = ex.query(name).orElse(null);
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("INVALID_PAGING", name + " must be a whole number >= 0", name + "=" + value);
    }

    private static void write(JsonGenerator json, Album album) {
        try {
            json.writeObject(album);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
