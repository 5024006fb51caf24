-- Multilingual, multi-currency: per-field translations (NULL = not translated yet, shown in
-- English with a note), the FX table, and the search documents with their trigram index.

CREATE TABLE hall_translations_v2 (
    hall_id     INTEGER NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    name        TEXT,
    tagline     TEXT,
    description TEXT,
    PRIMARY KEY (hall_id, locale)
);
INSERT INTO hall_translations_v2 SELECT hall_id, locale, name, tagline, description FROM hall_translations;
DROP TABLE hall_translations;
ALTER TABLE hall_translations_v2 RENAME TO hall_translations;

CREATE TABLE booth_translations_v2 (
    booth_id    INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    tagline     TEXT,
    description TEXT,
    PRIMARY KEY (booth_id, locale)
);
INSERT INTO booth_translations_v2 SELECT booth_id, locale, tagline, description FROM booth_translations;
DROP TABLE booth_translations;
ALTER TABLE booth_translations_v2 RENAME TO booth_translations;

CREATE TABLE product_translations_v2 (
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    name        TEXT,
    summary     TEXT,
    description TEXT,
    PRIMARY KEY (product_id, locale)
);
INSERT INTO product_translations_v2 SELECT product_id, locale, name, summary, description FROM product_translations;
DROP TABLE product_translations;
ALTER TABLE product_translations_v2 RENAME TO product_translations;

CREATE TABLE stream_translations_v2 (
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    title       TEXT,
    description TEXT,
    PRIMARY KEY (stream_id, locale)
);
INSERT INTO stream_translations_v2 SELECT stream_id, locale, title, description FROM stream_translations;
DROP TABLE stream_translations;
ALTER TABLE stream_translations_v2 RENAME TO stream_translations;

-- How many INR one unit of a currency costs, in millionths, and since when.
CREATE TABLE fx_rates (
    currency            TEXT PRIMARY KEY CHECK (length(currency) = 3),
    inr_per_unit_micros INTEGER NOT NULL CHECK (inr_per_unit_micros > 0),
    as_of               INTEGER NOT NULL,
    imported_at         INTEGER NOT NULL
);

-- One document per (product or booth, locale that has text for it); `folded` is the
-- case- and accent-folded title and body that queries are matched against.
CREATE TABLE search_docs (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('product', 'booth')),
    ref_id  INTEGER NOT NULL,
    locale  TEXT NOT NULL,
    title   TEXT NOT NULL,
    body    TEXT NOT NULL,
    folded  TEXT NOT NULL,
    UNIQUE (kind, ref_id, locale)
);

-- Trigram index: `folded LIKE '%…%'` is answered from it for queries of three or more
-- characters, in any script.
CREATE VIRTUAL TABLE search_fts USING fts5 (folded, content = 'search_docs', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO search_fts (rowid, folded) VALUES (new.id, new.folded);
END;
