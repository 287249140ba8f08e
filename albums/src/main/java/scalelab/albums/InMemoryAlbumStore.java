package scalelab.albums;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Albums in memory, capped at {@code maxAlbums} so a flood of POSTs cannot exhaust the heap.
 *
 * <p>Reads ({@link #find}, {@link #list}) take no lock. Writes take one lock, so each write sees and
 * leaves both indexes consistent: a lookup map by id, and an insertion-ordered map for listing.
 */
public final class InMemoryAlbumStore implements AlbumStore {
    /** Default most albums held (100,000; about 25 MB of heap). */
    public static final int DEFAULT_MAX_ALBUMS = 100_000;

    private record Entry(long position, Album album) {}

    private final int maxAlbums;
    // written only while holding writeLock; read freely
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Album> inOrder = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private long nextPosition; // guarded by writeLock
    private long nextAssignedId = 1; // guarded by writeLock

    public InMemoryAlbumStore(int maxAlbums) {
        if (maxAlbums < 1) {
            throw new IllegalArgumentException("maxAlbums must be >= 1 but was " + maxAlbums);
        }
        this.maxAlbums = maxAlbums;
        Album.SEED.forEach(this::insert);
    }

    public static InMemoryAlbumStore ofDefaults() {
        return new InMemoryAlbumStore(DEFAULT_MAX_ALBUMS);
    }

    @Override
    public Optional<Album> find(String id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.album());
    }

    @Override
    public void list(long offset, long limit, Consumer<Album> sink) {
        inOrder.values().stream().skip(offset).limit(limit).forEach(sink);
    }

    @Override
    public long count() {
        return byId.size();
    }

    @Override
    public Album create(AlbumRequest request) {
        writeLock.lock();
        try {
            if (byId.size() >= maxAlbums) {
                throw new StoreFullException(maxAlbums);
            }
            String id = request.id() != null ? request.id() : nextFreeId();
            if (byId.containsKey(id)) {
                throw new DuplicateAlbumException(id);
            }
            Album album = request.toAlbum(id);
            insert(album);
            return album;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Album> replace(Album album) {
        writeLock.lock();
        try {
            Entry old = byId.get(album.id());
            if (old == null) {
                return Optional.empty();
            }
            byId.put(album.id(), new Entry(old.position(), album));
            inOrder.put(old.position(), album);
            return Optional.of(album);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        writeLock.lock();
        try {
            Entry old = byId.remove(id);
            if (old == null) {
                return false;
            }
            inOrder.remove(old.position());
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String describe() {
        return "memory (max " + maxAlbums + " albums)";
    }

    private String nextFreeId() {
        while (byId.containsKey(Long.toString(nextAssignedId))) {
            nextAssignedId++;
        }
        return Long.toString(nextAssignedId++);
    }

    private void insert(Album album) {
        long position = nextPosition++;
        byId.put(album.id(), new Entry(position, album));
        inOrder.put(position, album);
    }
}
