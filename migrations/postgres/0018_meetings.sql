-- Buyer–seller meetings (issue 23). Each member of a booth's team keeps weekly meeting
-- hours in their own time zone and publishes slots inside them; a buyer books one slot for
-- a 1:1 meeting with that person. A slot holds at most one booked meeting, and neither a
-- host's slots nor a buyer's booked meetings overlap.

CREATE TABLE meeting_hours (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    booth_id      BIGINT NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    time_zone     TEXT NOT NULL,
    -- Bit 0 is Monday … bit 6 Sunday.
    weekdays      BIGINT NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    -- Local wall-clock minutes after midnight.
    opens_minute  BIGINT NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
    closes_minute BIGINT NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
    slot_minutes  BIGINT NOT NULL CHECK (slot_minutes IN (15, 20, 30)),
    -- Raised by every change to this person's slots: the first write of such a change, so
    -- two changes at once take turns and cannot publish overlapping slots.
    writes        BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL,
    CHECK (opens_minute < closes_minute)
);

CREATE TABLE meeting_slots (
    id          BIGSERIAL PRIMARY KEY,
    booth_id    BIGINT NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    host_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    -- Claimed by one booking with a conditional update: exactly one of many wins.
    booked      BIGINT NOT NULL DEFAULT 0 CHECK (booked IN (0, 1)),
    created_at  BIGINT NOT NULL,
    UNIQUE (host_id, starts_at),
    CHECK (starts_at < ends_at)
);
CREATE INDEX meeting_slots_booth ON meeting_slots (booth_id, starts_at);

CREATE TABLE meetings (
    id           BIGSERIAL PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    slot_id      BIGINT REFERENCES meeting_slots (id) ON DELETE SET NULL,
    booth_id     BIGINT NOT NULL REFERENCES booths (id),
    host_id      BIGINT NOT NULL REFERENCES users (id),
    buyer_id     BIGINT NOT NULL REFERENCES users (id),
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    topic        TEXT NOT NULL,
    -- The zone the buyer booked in: their emails read in it.
    buyer_zone   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'cancelled')),
    -- The calendar entry's SEQUENCE: raised by every change and by the cancellation.
    sequence     BIGINT NOT NULL DEFAULT 0,
    cancelled_by BIGINT REFERENCES users (id),
    reason       TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX meetings_one_per_slot ON meetings (slot_id) WHERE state = 'booked';
CREATE INDEX meetings_buyer ON meetings (buyer_id, starts_at);
CREATE INDEX meetings_host ON meetings (host_id, starts_at);
CREATE INDEX meetings_booth ON meetings (booth_id, starts_at);

-- Raised by every booking or change of a buyer's: the first write, so one buyer's bookings
-- take turns and cannot overlap.
ALTER TABLE users ADD COLUMN meeting_writes BIGINT NOT NULL DEFAULT 0;

-- An email may carry a calendar entry (`text/calendar`, iTIP REQUEST or CANCEL).
ALTER TABLE outbox ADD COLUMN calendar TEXT;
ALTER TABLE outbox ADD COLUMN calendar_method TEXT;
