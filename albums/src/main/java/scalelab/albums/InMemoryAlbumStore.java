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
 * keeps insertion order for listing. The array, unlike a sorted map, adds no object per album,
 * which keeps the garbage collector's work per stored album small while the store grows. A deleted
 * album leaves an empty slot; once empty slots outnumber albums, the slots are compacted, so memory
 * follows the albums held, not the albums ever created.
 */
public final class InMemoryAlbumStore implements AlbumStore {
    /** Default most albums held (100,000; about 25 MB of heap). */
    public static final int DEFAULT_MAX_ALBUMS = 100_000;

    private static final int CHUNK_SLOTS = 4096;

    private record Entry(int position, Album album) {}

    /** The slot arrays and how many slots are used, published together: a reader takes one snapshot. */
    private record Slots(AtomicReferenceArray<Album>[] chunks, int used) {
        Album get(int position) {
            return chunks[position / CHUNK_SLOTS].get(position % CHUNK_SLOTS);
        }

        void set(int position, Album album) {
            chunks[position / CHUNK_SLOTS].set(position % CHUNK_SLOTS, album);
        }
    }

    private final int maxAlbums;
    // Written only while holding writeLock, read without it.
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private volatile Slots slots = new Slots(newChunks(0), 0);
    private final ReentrantLock writeLock = new ReentrantLock();
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
        Slots snapshot = slots;
        long skipped = 0;
        long given = 0;
        for (int position = 0; position < snapshot.used() && given < limit; position++) {
            Album album = snapshot.get(position);
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
            slots.set(old.position(), album);
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
            Slots current = slots;
            current.set(old.position(), null);
            if (current.used() > CHUNK_SLOTS && current.used() - byId.size() > byId.size()) {
                compact(current);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Slots in use, live or emptied by a delete (for tests of compaction). */
    int slotsInUse() {
        return slots.used();
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
        Slots current = slots;
        AtomicReferenceArray<Album>[] chunks = current.chunks();
        int position = current.used();
        if (position == chunks.length * CHUNK_SLOTS) {
            chunks = Arrays.copyOf(chunks, chunks.length + 1);
            chunks[chunks.length - 1] = new AtomicReferenceArray<>(CHUNK_SLOTS);
        }
        chunks[position / CHUNK_SLOTS].set(position % CHUNK_SLOTS, album);
        byId.put(album.id(), new Entry(position, album));
        slots = new Slots(chunks, position + 1); // publishes the new slot to readers
    }

    /** Moves the albums to fresh slots without gaps, keeping their order; the caller holds writeLock. */
    private void compact(Slots old) {
        AtomicReferenceArray<Album>[] chunks = newChunks((byId.size() + CHUNK_SLOTS - 1) / CHUNK_SLOTS);
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new AtomicReferenceArray<>(CHUNK_SLOTS);
        }
        int position = 0;
        for (int from = 0; from < old.used(); from++) {
            Album album = old.get(from);
            if (album != null) {
                chunks[position / CHUNK_SLOTS].set(position % CHUNK_SLOTS, album);
                byId.put(album.id(), new Entry(position, album));
                position++;
            }
        }
        slots = new Slots(chunks, position); // readers still on the old snapshot finish on it
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<Album>[] newChunks(int count) {
        return (AtomicReferenceArray<Album>[]) new AtomicReferenceArray<?>[count];
    }
}
