-- Collaborations between a booth and creators (issue 18). A target collaboration invites
-- one creator with terms; the creator accepts, declines or counters, and each counter is a
-- new version of the terms. Accepted terms never change: a change is a new version that
-- the other side accepts, and the terms in force at a moment are the last version accepted
-- by then. An open collaboration is an offer (products at a commission for a period) that
-- any council-listed creator may join: joining makes a collaboration of its own, with the
-- offer's terms accepted by the creator.

CREATE TABLE collaborations (
    id             INTEGER PRIMARY KEY,
    booth_id       INTEGER NOT NULL REFERENCES booths (id),
    -- The creator invited or who joined; null on an open offer itself.
    creator_id     INTEGER REFERENCES creators (id),
    kind           TEXT NOT NULL CHECK (kind IN ('target', 'open')),
    -- The open offer a creator joined.
    offer_id       INTEGER REFERENCES collaborations (id),
    -- proposed: a version awaits an answer and none was accepted before;
    -- agreed: a version is in force (a newer one may await an answer);
    -- declined, withdrawn: ended before any agreement; closed: an open offer closed.
    state          TEXT NOT NULL CHECK (state IN ('proposed', 'agreed', 'declined', 'withdrawn', 'closed')),
    agreed_version INTEGER,
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK (kind = 'open' OR creator_id IS NOT NULL),
    CHECK (offer_id IS NULL OR creator_id IS NOT NULL)
);
CREATE INDEX collaborations_booth ON collaborations (booth_id);
CREATE INDEX collaborations_creator ON collaborations (creator_id);
CREATE UNIQUE INDEX collaborations_joined ON collaborations (offer_id, creator_id) WHERE offer_id IS NOT NULL;

-- Every version of the terms, as proposed, and how it was answered.
CREATE TABLE collaboration_terms (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    version          INTEGER NOT NULL CHECK (version >= 1),
    side             TEXT NOT NULL CHECK (side IN ('exhibitor', 'creator')),
    proposed_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    proposed_name    TEXT NOT NULL,
    proposed_at      INTEGER NOT NULL,
    -- Per stream, INR minor units; null for none.
    fee_inr_minor    INTEGER CHECK (fee_inr_minor IS NULL OR fee_inr_minor >= 0),
    -- Of the goods value of each attributed order line.
    commission_bps   INTEGER NOT NULL CHECK (commission_bps BETWEEN 0 AND 5000),
    -- The period the terms cover, UTC: [starts_at, ends_at).
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL CHECK (ends_at > starts_at),
    -- Deliverables: how many streams of how many minutes, for which market (ISO 3166-1)
    -- in which language (ISO 639-1), and anything else in words.
    streams          INTEGER NOT NULL DEFAULT 0 CHECK (streams BETWEEN 0 AND 20),
    minutes          INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 15 AND 240),
    market           TEXT,
    language         TEXT,
    note             TEXT NOT NULL DEFAULT '',
    -- accepted, declined, countered (a newer version answered it), withdrawn (by its
    -- proposer); null while it awaits an answer.
    outcome          TEXT CHECK (outcome IN ('accepted', 'declined', 'countered', 'withdrawn')),
    answered_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answered_name    TEXT,
    answered_at      INTEGER,
    UNIQUE (collaboration_id, version)
);

CREATE TABLE collaboration_products (
    terms_id    INTEGER NOT NULL REFERENCES collaboration_terms (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    PRIMARY KEY (terms_id, product_id)
);
CREATE INDEX collaboration_products_product ON collaboration_products (product_id);
