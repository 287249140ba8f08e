package scalelab.albums;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where albums live. Implementations are safe for any number of concurrent callers: no lost update,
 * no duplicate id, and listing never blocks writers.
 */
public interface AlbumStore extends AutoCloseable {

    Optional<Album> find(String id);

    /** Hands albums {@code offset .. offset+limit-1}, in insertion order, to {@code sink} one by one. */
    void list(long offset, long limit, Consumer<Album> sink);

    long count();

    /**
     * Stores a new album. A null id means "assign the next free number".
     *
     * @throws DuplicateAlbumException when the id is taken
     * @throws StoreFullException when the store holds its maximum
     */
    Album create(AlbumRequest request);

    /** Replaces the album with {@code album.id()}; empty when there is none (nothing is created). */
    Optional<Album> replace(Album album);

    /** Removes the album; false when there was none. */
    boolean delete(String id);

    /** A short description for logs and the startup line, e.g. "memory (max 100000)". */
    String describe();

    @Override
    default void close() {}

    /** The id is in use already. */
    final class DuplicateAlbumException extends RuntimeException {
        DuplicateAlbumException(String id) {
            super(id, null, false, false);
        }
    }

    /** The store holds its configured maximum number of albums. */
    final class StoreFullException extends RuntimeException {
        StoreFullException(long max) {
            super("the store holds its maximum of " + max + " albums", null, false, false);
        }
    }
}
