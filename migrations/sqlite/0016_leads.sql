-- Leads: every buyer who reached a booth (a sample ordered, a question asked in its stream,
-- a stream followed, an order paid) is a lead of that booth. What they did is read from
-- those records; the booth's team keeps here only its own notes on the lead: where it
-- stands, what to do next and when (a UTC day), and who last changed it.
CREATE TABLE leads (
    booth_id       INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    buyer_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'quoted', 'won', 'lost')),
    note           TEXT NOT NULL DEFAULT '',
    next_action_at INTEGER,
    updated_at     INTEGER NOT NULL,
    updated_by     INTEGER REFERENCES users (id),
    PRIMARY KEY (booth_id, buyer_id)
);

-- The contact details (email address) a buyer shares with a booth by asking it for
-- something (a sample so far; quotes later). The buyer sees these on their account page
-- and may withdraw each; the lead then shows the buyer's name only.
CREATE TABLE contact_shares (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    booth_id  INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    shared_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, booth_id)
);
CREATE INDEX contact_shares_booth ON contact_shares (booth_id);
