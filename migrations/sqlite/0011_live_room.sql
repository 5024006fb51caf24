-- The live room (issue 6): every chat message, question, vote, answer, pin, deal, stock
-- change and moderation action is an event with a per-room monotonic id, so a viewer that
-- reconnects resumes exactly where it left off.

-- One row per room: the last event id handed out (taken under the row's lock), slow mode.
CREATE TABLE rooms (
    stream_id    INTEGER PRIMARY KEY REFERENCES streams (id) ON DELETE CASCADE,
    last_id      INTEGER NOT NULL DEFAULT 0,
    slow_seconds INTEGER NOT NULL DEFAULT 0 CHECK (slow_seconds >= 0)
);
-- `body` is the event's JSON as viewers receive it; `kind` and `user_id` serve moderation
-- (slow mode, bans) and replay chapters without parsing it.
CREATE TABLE room_events (
    stream_id INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    id        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    at_ms     INTEGER NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (stream_id, id)
);
CREATE INDEX room_events_user ON room_events (stream_id, user_id, at_ms);
-- Questions: one vote per person, counted here; answered or hidden by a host.
CREATE TABLE room_questions (
    stream_id INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    event_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    text      TEXT NOT NULL,
    votes     INTEGER NOT NULL DEFAULT 0,
    answered  INTEGER NOT NULL DEFAULT 0,
    hidden    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (stream_id, event_id)
);
CREATE TABLE room_votes (
    stream_id   INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (stream_id, question_id, user_id)
);
CREATE TABLE room_bans (
    stream_id INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    banned_by INTEGER NOT NULL REFERENCES users (id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (stream_id, user_id)
);
-- "Now showing": up to three products, with the stock last announced to the room.
CREATE TABLE room_pins (
    stream_id  INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    pinned_at  INTEGER NOT NULL,
    stock      INTEGER NOT NULL,
    PRIMARY KEY (stream_id, product_id)
);
-- Flash deals: a price, a quantity of their own and a per-buyer cap, between two instants
-- (milliseconds). `sold` never passes `quantity`; `announced` is the count viewers last saw.
CREATE TABLE flash_deals (
    id          INTEGER PRIMARY KEY,
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    price_minor INTEGER NOT NULL CHECK (price_minor > 0),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    sold        INTEGER NOT NULL DEFAULT 0,
    announced   INTEGER NOT NULL DEFAULT 0,
    per_buyer   INTEGER NOT NULL CHECK (per_buyer > 0),
    starts_ms   INTEGER NOT NULL,
    ends_ms     INTEGER NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    CHECK (sold >= 0 AND sold <= quantity),
    CHECK (ends_ms > starts_ms)
);
CREATE INDEX flash_deals_stream ON flash_deals (stream_id, ends_ms);
-- An order bought at a deal's price; cancelling it gives the deal its quantity back.
ALTER TABLE orders ADD COLUMN deal_id INTEGER REFERENCES flash_deals (id);
