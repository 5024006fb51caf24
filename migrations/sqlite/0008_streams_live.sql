-- Scheduling, calendars, reminders and live ingest for streams.

-- Calendars raise SEQUENCE on every reschedule or cancel; UIDs stay the stream's id.
ALTER TABLE streams ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE streams ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
-- Curators hold main-stage slots: main-stage streams never overlap each other.
ALTER TABLE streams ADD COLUMN main_stage INTEGER NOT NULL DEFAULT 0;
-- SHA-256 of the secret stream key; the key itself is shown once and never kept.
ALTER TABLE streams ADD COLUMN key_hash TEXT;
-- The ingest client publishing now (nginx's clientid and address), NULL when nobody is.
ALTER TABLE streams ADD COLUMN publisher TEXT;
ALTER TABLE streams ADD COLUMN live_at INTEGER;
ALTER TABLE streams ADD COLUMN ended_at INTEGER;
ALTER TABLE hosts ADD COLUMN bio TEXT NOT NULL DEFAULT '';

-- "Remind me": a buyer follows a stream; the reminder and the live notice go out once each.
CREATE TABLE stream_follows (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stream_id       INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    reminded_at     INTEGER,
    live_noticed_at INTEGER,
    PRIMARY KEY (user_id, stream_id)
);
CREATE INDEX stream_follows_stream ON stream_follows (stream_id);

-- In-app notices: reminder, live, rescheduled, cancelled.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('reminder', 'live', 'rescheduled', 'cancelled')),
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- A personal calendar feed: its address carries a secret token; only its hash is kept.
ALTER TABLE users ADD COLUMN calendar_hash TEXT;
CREATE UNIQUE INDEX users_calendar ON users (calendar_hash);
