-- The meeting room (issue 23): what a meeting's parties write to each other beside the
-- call — lines of chat and the booth's products shared — kept with the meeting, so a
-- party without JavaScript or a camera reads and writes the same conversation.

CREATE TABLE meeting_notes (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL DEFAULT '',
    -- A product of the meeting's booth, shared into the conversation.
    product_id  INTEGER REFERENCES products (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX meeting_notes_meeting ON meeting_notes (meeting_id, id);

-- The call's signalling (offers, answers, candidates) between server nodes: PostgreSQL's
-- notifications carry at most 8000 bytes, so each message waits here, for a minute at
-- most, and the notification names it. (One node on SQLite relays in memory.)
CREATE TABLE meeting_signals (
    id          INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX meeting_signals_age ON meeting_signals (created_at);
