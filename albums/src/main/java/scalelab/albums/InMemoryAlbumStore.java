package scalelab.albums;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Albums in memory, capped at {@code maxAlbums} so a flood of POSTs cannot exhaust the heap.
 *
 * <p>Reads ({@link #find}, {@link #list}) take no lock. Writes take one lock, so each write sees and
 * leaves both indexes consistent: a map from id to entry, and an append-only array of slots that
 * keeps insertion order for listing (a deleted album leaves an empty slot; slots are not reused, so
 * heavy churn costs 4 bytes per deleted album). The array, unlike a sorted map, adds no object per
 * album, which keeps the garbage collector's work per stored album small while the store grows.
 */
public final class InMemoryAlbumStore implements AlbumStore {
    /** Default most albums held (100,000; about 25 MB of heap). */
    public static final int DEFAULT_MAX_ALBUMS = 100_000;

    private static final int CHUNK_SLOTS = 4096;

    private record Entry(int position, Album album) {}

    private final int maxAlbums;
    // All fields below are written only while holding writeLock, and read without it.
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private volatile AtomicReferenceArray<Album>[] chunks = newChunks(0);
    private volatile int slotsUsed; // written after the slot, so a reader that sees it sees the slot
    private final ReentrantLock writeLock = new ReentrantLock();
    private long nextAssignedId = 1;

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
        AtomicReferenceArray<Album>[] snapshot = chunks;
        int used = Math.min(slotsUsed, snapshot.length * CHUNK_SLOTS);
        long skipped = 0;
        long given = 0;
        for (int slot = 0; slot < used && given < limit; slot++) {
            Album album = snapshot[slot / CHUNK_SLOTS].get(slot % CHUNK_SLOTS);
            if (album == null) {
                continue; // deleted
            }
            if (skipped < offset) {
                skipped++;
            } else {
                sink.accept(album);
                given++;
            }
        }
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
            slot(old.position(), album);
            byId.put(album.id(), new Entry(old.position(), album));
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
            slot(old.position(), null);
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

    /** Appends {@code album} in a new slot; the caller holds writeLock (or is the constructor). */
    private void insert(Album album) {
        int position = slotsUsed;
        if (position == chunks.length * CHUNK_SLOTS) {
            AtomicReferenceArray<Album>[] grown = Arrays.copyOf(chunks, chunks.length + 1);
            grown[chunks.length] = new AtomicReferenceArray<>(CHUNK_SLOTS);
            chunks = grown;
        }
        slot(position, album);
        byId.put(album.id(), new Entry(position, album));
        slotsUsed = position + 1;
    }

    private void slot(int position, Album album) {
        chunks[position / CHUNK_SLOTS].set(position % CHUNK_SLOTS, album);
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<Album>[] newChunks(int count) {
        return (AtomicReferenceArray<Album>[]) new AtomicReferenceArray<?>[count];
    }
}
