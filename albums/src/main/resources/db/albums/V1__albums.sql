-- Albums, listed in insertion order (seq); ids are strings chosen by clients or assigned from a sequence.
CREATE TABLE albums (
    seq    BIGSERIAL NOT NULL UNIQUE,
    id     TEXT      PRIMARY KEY,
    title  TEXT      NOT NULL,
    artist TEXT      NOT NULL,
    price  NUMERIC   NOT NULL CHECK (price >= 0)
);

CREATE SEQUENCE album_assigned_ids START WITH 1;

-- Seed data: this runs once, on a new (empty) store; a store in use is never re-seeded.
INSERT INTO albums (id, title, artist, price)
SELECT v.id, v.title, v.artist, v.price
FROM (VALUES ('1', 'Blue Train', 'John Coltrane', 56.99),
             ('2', 'Jeru', 'Gerry Mulligan', 17.99),
             ('3', 'Sarah Vaughan and Clifford Brown', 'Sarah Vaughan', 39.99)) AS v (id, title, artist, price)
WHERE NOT EXISTS (SELECT 1 FROM albums);
