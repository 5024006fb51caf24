-- The pavilion's core: councils curate halls, halls hold booths, booths sell products and
-- run streams with hosts. Times are UTC Unix seconds; money is INR minor units (paise).
-- Base rows hold English; *_translations hold other locales, one row per (entity, locale).

CREATE TABLE councils (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    website     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE halls (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    council_id  INTEGER NOT NULL REFERENCES councils (id),
    position    INTEGER NOT NULL DEFAULT 0,
    colour      TEXT NOT NULL,
    motif       TEXT NOT NULL,
    name        TEXT NOT NULL,
    tagline     TEXT NOT NULL,
    description TEXT NOT NULL,
    plan_cols   INTEGER NOT NULL DEFAULT 6 CHECK (plan_cols BETWEEN 1 AND 40),
    plan_rows   INTEGER NOT NULL DEFAULT 4 CHECK (plan_rows BETWEEN 1 AND 40)
);

CREATE TABLE hall_translations (
    hall_id     INTEGER NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL,
    tagline     TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (hall_id, locale)
);

CREATE TABLE booths (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    hall_id      INTEGER NOT NULL REFERENCES halls (id),
    name         TEXT NOT NULL,
    city         TEXT NOT NULL,
    region       TEXT NOT NULL,
    founded_year INTEGER NOT NULL,
    tagline      TEXT NOT NULL,
    description  TEXT NOT NULL,
    brand_colour TEXT NOT NULL,
    featured     INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    position     INTEGER NOT NULL DEFAULT 0,
    plan_x       INTEGER NOT NULL DEFAULT 0,
    plan_y       INTEGER NOT NULL DEFAULT 0,
    plan_w       INTEGER NOT NULL DEFAULT 1,
    plan_h       INTEGER NOT NULL DEFAULT 1,
    status       TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'unpublished', 'banned')),
    created_at   INTEGER NOT NULL
);
CREATE INDEX booths_hall ON booths (hall_id, position);

CREATE TABLE booth_translations (
    booth_id    INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    tagline     TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (booth_id, locale)
);

CREATE TABLE badges (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE booth_badges (
    booth_id    INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    badge_id    INTEGER NOT NULL REFERENCES badges (id),
    reference   TEXT NOT NULL,
    verified_at INTEGER,
    expires_at  INTEGER,
    PRIMARY KEY (booth_id, badge_id)
);

CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    booth_id      INTEGER NOT NULL REFERENCES booths (id),
    category      TEXT NOT NULL,
    name          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    description   TEXT NOT NULL,
    unit          TEXT NOT NULL,
    price_minor   INTEGER NOT NULL CHECK (price_minor > 0),
    currency      TEXT NOT NULL DEFAULT 'INR' CHECK (currency = 'INR'),
    stock         INTEGER NOT NULL CHECK (stock >= 0),
    moq           INTEGER NOT NULL DEFAULT 1 CHECK (moq >= 1),
    max_per_order INTEGER NOT NULL DEFAULT 100 CHECK (max_per_order >= moq),
    hs_code       TEXT NOT NULL,
    origin        TEXT NOT NULL,
    weight_grams  INTEGER NOT NULL CHECK (weight_grams > 0),
    position      INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'archived', 'unpublished')),
    created_at    INTEGER NOT NULL
);
CREATE INDEX products_booth ON products (booth_id, position);

CREATE TABLE product_translations (
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (product_id, locale)
);

CREATE TABLE product_images (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    src         TEXT NOT NULL,
    alt         TEXT NOT NULL,
    UNIQUE (product_id, position)
);

CREATE TABLE hosts (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL,
    languages   TEXT NOT NULL
);

CREATE TABLE streams (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    booth_id    INTEGER NOT NULL REFERENCES booths (id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    language    TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'Asia/Kolkata',
    state       TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'live', 'ended', 'replay', 'cancelled')),
    replay_src  TEXT,
    created_at  INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX streams_time ON streams (starts_at);
CREATE INDEX streams_booth ON streams (booth_id, starts_at);

CREATE TABLE stream_translations (
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (stream_id, locale)
);

CREATE TABLE stream_hosts (
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    host_id     INTEGER NOT NULL REFERENCES hosts (id),
    PRIMARY KEY (stream_id, host_id)
);

CREATE TABLE stream_products (
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (stream_id, product_id)
);
