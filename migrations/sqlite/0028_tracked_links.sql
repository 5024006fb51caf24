-- Creators' tracked links (issue 18). A creator makes a link to their own page, or to a
-- booth or a product they have agreed terms with; following /{locale}/r/{code} records a
-- click under a random token the browser keeps in a first-party cookie for the
-- attribution window. At checkout the last touch wins: the creator's link clicked last, or
-- the stream the buyer bought in or watched last. The order names what it was attributed to
-- (orders.creator_id, orders.link_id, orders.touched_at), and each of its lines earns the
-- creator the commission of the terms in force when it was bought (line_commissions),
-- reversed on refund.

CREATE TABLE creator_links (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('creator', 'booth', 'product')),
    -- The creator's, booth's or product's id.
    target_id   INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    -- Clicks counted (a browser already holding the link's token is not counted again);
    -- the rows of link_clicks go once their window is long over, the count stays.
    clicks      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX creator_links_creator ON creator_links (creator_id, id);

-- A browser's click: the SHA-256 of its cookie's token, never the token itself.
CREATE TABLE link_clicks (
    token      TEXT PRIMARY KEY,
    link_id    INTEGER NOT NULL REFERENCES creator_links (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX link_clicks_link ON link_clicks (link_id, at);
CREATE INDEX link_clicks_expiry ON link_clicks (expires_at);

ALTER TABLE orders ADD COLUMN creator_id INTEGER REFERENCES creators (id);
ALTER TABLE orders ADD COLUMN link_id INTEGER REFERENCES creator_links (id);
-- When the winning touch happened (a link's click, a stream watched or bought in).
ALTER TABLE orders ADD COLUMN touched_at INTEGER;
-- Orders attributed to a stream before: the creator whose host profile presented it.
UPDATE orders SET creator_id = (SELECT h.creator_id FROM hosts h WHERE h.id = orders.host_id)
 WHERE host_id IS NOT NULL;
CREATE INDEX orders_creator ON orders (creator_id, created_at);
CREATE INDEX orders_link ON orders (link_id);

-- What a creator earns on one line of a paid order, and under which terms.
CREATE TABLE line_commissions (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    product_id       INTEGER NOT NULL REFERENCES products (id),
    creator_id       INTEGER NOT NULL REFERENCES creators (id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id),
    terms_version    INTEGER NOT NULL,
    basis_inr_minor  INTEGER NOT NULL CHECK (basis_inr_minor >= 0),
    rate_bps         INTEGER NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
    amount_inr_minor INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('accrued', 'reversed')),
    at               INTEGER NOT NULL,
    UNIQUE (order_id, product_id),
    CHECK (amount_inr_minor BETWEEN 0 AND basis_inr_minor)
);
CREATE INDEX line_commissions_creator ON line_commissions (creator_id, at);
