-- Creators (KOLs) and agencies (issue 18). A creator is a presenter with a following in
-- some markets, a public page and a rate card; a person signs up as one (user_id), or an
-- agency keeps one on its roster. A host profile on a booth's stream may be a creator's
-- (hosts.creator_id): the creator's record (streams, viewers, orders, sales, answer time)
-- is computed from those streams, never typed. Councils vet creators and agencies: a
-- vetting names the council, who vetted and when, and ends when withdrawn.

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,
    -- ISO 3166-1 alpha-2.
    country     TEXT NOT NULL,
    about       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE creators (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    user_id        INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    agency_id      INTEGER REFERENCES agencies (id),
    name           TEXT NOT NULL,
    headline       TEXT NOT NULL,
    -- The portrait's ground, `#rrggbb`.
    colour         TEXT NOT NULL,
    -- Per stream, INR minor units; null when the creator works on commission only.
    fee_inr_minor  INTEGER CHECK (fee_inr_minor IS NULL OR fee_inr_minor >= 0),
    -- Of the goods value, basis points; null when the creator works for a fee only.
    commission_bps INTEGER CHECK (commission_bps IS NULL OR commission_bps BETWEEN 0 AND 5000),
    -- Open to new collaborations.
    available      INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX creators_agency ON creators (agency_id);

-- The bio in each language the creator wrote one in.
CREATE TABLE creator_bios (
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    bio         TEXT NOT NULL,
    PRIMARY KEY (creator_id, locale)
);

-- Where their audience is (ISO 3166-1 alpha-2), in the creator's order.
CREATE TABLE creator_markets (
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (creator_id, country)
);
CREATE INDEX creator_markets_country ON creator_markets (country);

-- Languages spoken on stream (ISO 639-1), in the creator's order.
CREATE TABLE creator_languages (
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (creator_id, language)
);
CREATE INDEX creator_languages_language ON creator_languages (language);

-- The pavilion's sectors (its halls) a creator presents.
CREATE TABLE creator_categories (
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    hall_id     INTEGER NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    PRIMARY KEY (creator_id, hall_id)
);
CREATE INDEX creator_categories_hall ON creator_categories (hall_id);

-- Followers on each platform the creator names (their own word; the pavilion's own
-- following is counted from creator_follows).
CREATE TABLE creator_audiences (
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    platform    TEXT NOT NULL CHECK (platform IN ('douyin', 'tiktok', 'instagram', 'youtube', 'wechat')),
    handle      TEXT NOT NULL,
    followers   INTEGER NOT NULL CHECK (followers >= 0),
    PRIMARY KEY (creator_id, platform)
);

CREATE TABLE creator_follows (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    PRIMARY KEY (user_id, creator_id)
);
CREATE INDEX creator_follows_creator ON creator_follows (creator_id);

-- A council's listing of a creator or an agency (exactly one of the two). At most one
-- standing listing per council and subject; a withdrawn one stays as history.
CREATE TABLE vettings (
    id            INTEGER PRIMARY KEY,
    creator_id    INTEGER REFERENCES creators (id) ON DELETE CASCADE,
    agency_id     INTEGER REFERENCES agencies (id) ON DELETE CASCADE,
    council_id    INTEGER NOT NULL REFERENCES councils (id),
    vetted_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    vetted_name   TEXT NOT NULL,
    vetted_at     INTEGER NOT NULL,
    withdrawn_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    withdrawn_at  INTEGER,
    CHECK ((creator_id IS NULL) <> (agency_id IS NULL))
);
CREATE UNIQUE INDEX vettings_standing_creator ON vettings (creator_id, council_id) WHERE withdrawn_at IS NULL AND creator_id IS NOT NULL;
CREATE UNIQUE INDEX vettings_standing_agency ON vettings (agency_id, council_id) WHERE withdrawn_at IS NULL AND agency_id IS NOT NULL;

ALTER TABLE hosts ADD COLUMN creator_id INTEGER REFERENCES creators (id);
CREATE INDEX hosts_creator ON hosts (creator_id);
