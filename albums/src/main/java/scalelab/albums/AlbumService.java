package scalelab.albums;

import java.util.Optional;
import java.util.function.Consumer;
import scalelab.core.http.ApiException;

/** The album rules, free of HTTP: validation, id assignment, and the answers for missing or taken ids. */
public final class AlbumService {
    static final ApiException NOT_FOUND = ApiException.notFound("ALBUM_NOT_FOUND", "album not found");

    private final AlbumStore store;

    public AlbumService(AlbumStore store) {
        this.store = store;
    }

    public Optional<Album> find(String id) {
        return store.find(id);
    }

    /** Streams one page of albums in insertion order; {@code limit} -1 means "all". */
    public void list(long offset, long limit, Consumer<Album> sink) {
        store.list(offset, limit < 0 ? Long.MAX_VALUE : limit, sink);
    }

    public long count() {
        return store.count();
    }

    public Album create(AlbumRequest request) {
        request.validated();
        try {
            return store.create(request);
        } catch (AlbumStore.DuplicateAlbumException e) {
            throw ApiException.conflict("ALBUM_EXISTS", "album already exists", "id " + request.id() + " is taken");
        } catch (AlbumStore.StoreFullException e) {
            throw new ApiException(507, "STORE_FULL", "album store is full", e.getMessage());
        }
    }

    public Album replace(String id, AlbumRequest request) {
        request.validated();
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiException.badRequest(
                    "ID_MISMATCH", "album id in body differs from path", "path id " + id + ", body id " + request.id());
        }
        return store.replace(request.toAlbum(id)).orElseThrow(() -> NOT_FOUND);
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw NOT_FOUND;
        }
    }

    public String describeStore() {
        return store.describe();
    }
}
