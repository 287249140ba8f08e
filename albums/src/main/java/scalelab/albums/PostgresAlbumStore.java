package scalelab.albums;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import scalelab.core.config.Redact;
import scalelab.core.storage.Postgres;
import scalelab.core.storage.PostgresConfig;
import scalelab.core.storage.StorageUnavailableException;

/**
 * Albums in PostgreSQL, so that any number of album instances share one truth. The schema and the
 * seed rows come from the Flyway migrations in {@code db/albums}; the seed goes only into an empty
 * table. Ids are unique by primary key; assigned ids come from a sequence, skipping taken ones.
 */
public final class PostgresAlbumStore implements AlbumStore {
    /** Rows fetched per round trip while streaming a list. */
    private static final int LIST_FETCH_SIZE = 500;

    private final HikariDataSource db;
    private final String where;

    private PostgresAlbumStore(HikariDataSource db, String where) {
        this.db = db;
        this.where = where;
    }

    /** Connects, migrates the schema, and seeds an empty table. */
    public static PostgresAlbumStore open(String jdbcUrl) {
        HikariDataSource db = Postgres.open(PostgresConfig.of(jdbcUrl).withPoolName("albums"));
        try {
            Postgres.migrate(db, "albums", "classpath:db/albums");
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new PostgresAlbumStore(db, Redact.credentials(jdbcUrl));
    }

    @Override
    public Optional<Album> find(String id) {
        return query("SELECT id, title, artist, price FROM albums WHERE id = ?", ps -> {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public void list(long offset, long limit, Consumer<Album> sink) {
        // A cursor (autocommit off + fetch size) streams the rows instead of loading them all.
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, title, artist, price FROM albums ORDER BY seq OFFSET ? LIMIT ?")) {
                ps.setFetchSize(LIST_FETCH_SIZE);
                ps.setLong(1, offset);
                ps.setLong(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(read(rs));
                    }
                }
            } // HikariCP rolls back and restores auto-commit when the connection goes back to the pool
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long count() {
        return query("SELECT count(*) FROM albums", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Album create(AlbumRequest request) {
        if (request.id() != null) {
            Album album = request.toAlbum(request.id());
            if (!insert(album)) {
                throw new DuplicateAlbumException(album.id());
            }
            return album;
        }
        Album draft = request.toAlbum("");
        while (true) { // one round trip per try; a number taken by an explicit id is skipped
            Optional<String> id = query(
                    "INSERT INTO albums (id, title, artist, price)"
                            + " SELECT nextval('album_assigned_ids')::text, ?, ?, ?"
                            + " ON CONFLICT (id) DO NOTHING RETURNING id",
                    ps -> {
                        ps.setString(1, draft.title());
                        ps.setString(2, draft.artist());
                        ps.setBigDecimal(3, draft.price());
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                        }
                    });
            if (id.isPresent()) {
                return draft.withId(id.get());
            }
        }
    }

    @Override
    public Optional<Album> replace(Album album) {
        int updated = query("UPDATE albums SET title = ?, artist = ?, price = ? WHERE id = ?", ps -> {
            ps.setString(1, album.title());
            ps.setString(2, album.artist());
            ps.setBigDecimal(3, album.price());
            ps.setString(4, album.id());
            return ps.executeUpdate();
        });
        return updated == 1 ? Optional.of(album) : Optional.empty();
    }

    @Override
    public boolean delete(String id) {
        return query("DELETE FROM albums WHERE id = ?", ps -> {
                    ps.setString(1, id);
                    return ps.executeUpdate();
                })
                == 1;
    }

    @Override
    public String describe() {
        return "postgresql " + where;
    }

    @Override
    public void close() {
        db.close();
    }

    /** Inserts unless the id exists (then another writer got there first): true when inserted. */
    private boolean insert(Album album) {
        return query(
                "INSERT INTO albums (id, title, artist, price) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", ps -> {
                    ps.setString(1, album.id());
                    ps.setString(2, album.title());
                    ps.setString(3, album.artist());
                    ps.setBigDecimal(4, album.price());
                    return ps.executeUpdate() == 1;
                });
    }

    private static Album read(ResultSet rs) throws SQLException {
        return new Album(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4));
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private <T> T query(String sql, Statement<T> statement) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            return statement.run(ps);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private StorageUnavailableException unavailable(SQLException e) {
        return new StorageUnavailableException("album store " + where + " failed: " + e.getMessage(), e);
    }
}
