-- A council's hosted-buyer programme (issue 23): the buyers it verified are its hosted
-- buyers; for each, a curator sends meeting suggestions — booths of the council's halls that
-- match what the buyer asked for and follows — which the buyer finds among their meetings,
-- each with its booth's booking page.

CREATE TABLE meeting_suggestions (
    id           INTEGER PRIMARY KEY,
    council_id   INTEGER NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    buyer_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    booth_id     INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    -- Why the booth suits the buyer, comma-separated: `hall` (a request of theirs went to
    -- its hall), `heading` (its products fall under a heading they asked for), `follow`
    -- (they follow its streams).
    reasons      TEXT NOT NULL,
    -- The curator who sent it (none: the demo's programme).
    suggested_by INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    UNIQUE (buyer_id, booth_id)
);
CREATE INDEX meeting_suggestions_council ON meeting_suggestions (council_id, buyer_id);
