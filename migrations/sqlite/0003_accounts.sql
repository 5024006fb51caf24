-- Accounts: people, their sessions (stored here, so any server node serves any user), the
-- roles that scope what they may change, and the outbox every email goes through.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,          -- stored lower-cased
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,                 -- argon2id, PHC string
    locale        TEXT NOT NULL DEFAULT 'en',
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    suspended_at  INTEGER,
    created_at    INTEGER NOT NULL
);

-- A curator belongs to one council and curates its halls.
CREATE TABLE council_curators (
    council_id  INTEGER NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (council_id, user_id)
);

-- An exhibitor is the owner or staff of one booth.
CREATE TABLE booth_members (
    booth_id    INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    PRIMARY KEY (booth_id, user_id)
);

-- Only a SHA-256 of the token is kept: a leaked table opens no session.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);
