-- Engagement metrics (issue 19). Raw: one row per viewer session of a stream's room (its
-- WebSocket), written in batches by the node that holds the socket, keyed by the socket so
-- a batch written twice counts once. Rolled up: one row per stream and minute, computed
-- from the raw sessions, the room's events and the stream's orders, and kept when the raw
-- rows are purged after the configured period.

CREATE TABLE viewer_sessions (
    id          BIGSERIAL PRIMARY KEY,
    -- The socket: `node:counter`, unique for ever (idempotent ingestion).
    session_key TEXT NOT NULL UNIQUE,
    stream_id   BIGINT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    -- Who: `u:<user id>` when signed in, else a hash of the client address keyed by a
    -- secret the node draws when it starts (the address is never stored, and a guest is the
    -- same viewer only while that node runs); the same viewer in another stream of the
    -- booth is a returning viewer.
    viewer      TEXT NOT NULL,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    language    TEXT NOT NULL,
    node        TEXT NOT NULL,
    -- Unix milliseconds; `left_at` is null while the socket is open, and `seen_at` is the
    -- node's last heartbeat (every 30 s), where a session of a node that died ends.
    joined_at   BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL,
    left_at     BIGINT,
    CHECK (seen_at >= joined_at)
);
CREATE INDEX viewer_sessions_stream ON viewer_sessions (stream_id, joined_at);
CREATE INDEX viewer_sessions_viewer ON viewer_sessions (viewer, joined_at);
CREATE INDEX viewer_sessions_open ON viewer_sessions (node, left_at);

CREATE TABLE stream_minutes (
    stream_id       BIGINT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    -- Unix seconds at the minute's start.
    minute          BIGINT NOT NULL,
    viewers_peak    BIGINT NOT NULL DEFAULT 0,
    -- Seconds watched in the minute, summed over sessions (average viewers = this / 60).
    watch_seconds   BIGINT NOT NULL DEFAULT 0,
    joins           BIGINT NOT NULL DEFAULT 0,
    chats           BIGINT NOT NULL DEFAULT 0,
    questions       BIGINT NOT NULL DEFAULT 0,
    answers         BIGINT NOT NULL DEFAULT 0,
    pins            BIGINT NOT NULL DEFAULT 0,
    checkouts       BIGINT NOT NULL DEFAULT 0,
    orders_paid     BIGINT NOT NULL DEFAULT 0,
    goods_inr_minor BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (stream_id, minute)
);

-- The rollups read a stream's orders and room events by time.
CREATE INDEX orders_stream_time ON orders (stream_id, created_at);
CREATE INDEX room_events_time ON room_events (stream_id, at_ms);
