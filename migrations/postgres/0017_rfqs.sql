-- Requests for quotation (issue 21, second half). A buyer with a business profile asks one
-- booth, or a whole hall, for a price; the hall's council routes a hall's request to the
-- booths that sell that kind of goods. Each booth that received it answers with one quote
-- and keeps a thread of messages with the buyer. Accepting a quote makes an order at the
-- quoted price, paid in one payment or as a deposit now and the balance before shipping.

-- Who a trade buyer is. A council verifies buyers for its hosted-buyer programme; changing
-- the company or country withdraws the verification.
CREATE TABLE business_profiles (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    company       TEXT NOT NULL,
    country       TEXT NOT NULL CHECK (length(country) = 2),
    role          TEXT NOT NULL CHECK (role IN ('importer', 'distributor', 'wholesaler', 'retailer', 'agent', 'manufacturer')),
    website       TEXT NOT NULL DEFAULT '',
    annual_volume TEXT NOT NULL CHECK (annual_volume IN ('under_50k', 'to_250k', 'to_1m', 'to_5m', 'over_5m')),
    verified_council BIGINT REFERENCES councils (id),
    verified_by   BIGINT REFERENCES users (id),
    verified_at   BIGINT,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE rfqs (
    id              BIGSERIAL PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    buyer_id        BIGINT NOT NULL REFERENCES users (id),
    -- A request about one product, or free text (then category and HS heading route it).
    product_id      BIGINT REFERENCES products (id),
    -- Sent to a whole hall (its council routes it), else to the booths in rfq_recipients.
    hall_id         BIGINT REFERENCES halls (id),
    subject         TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',
    hs_heading      TEXT NOT NULL DEFAULT '',
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    unit            TEXT NOT NULL,
    -- Per unit, in the buyer's currency's minor units.
    target_minor    BIGINT CHECK (target_minor > 0),
    target_currency TEXT,
    destination     TEXT NOT NULL,
    country         TEXT NOT NULL CHECK (length(country) = 2),
    incoterm        TEXT NOT NULL CHECK (incoterm IN ('EXW', 'FOB', 'CIF', 'DDP')),
    -- The UTC day the goods are needed by (its midnight).
    needed_by       BIGINT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'awarded', 'closed')),
    created_at      BIGINT NOT NULL
);
CREATE INDEX rfqs_buyer ON rfqs (buyer_id, id);
CREATE INDEX rfqs_hall ON rfqs (hall_id, id);

-- Who received a request, and how: sent by the buyer, routed by the council's rule (the
-- booth sells that category / HS heading) or by a curator's hand.
CREATE TABLE rfq_recipients (
    rfq_id    BIGINT NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    booth_id  BIGINT NOT NULL REFERENCES booths (id),
    how       TEXT NOT NULL CHECK (how IN ('direct', 'rule', 'curator')),
    routed_by BIGINT REFERENCES users (id),
    at        BIGINT NOT NULL,
    PRIMARY KEY (rfq_id, booth_id)
);
CREATE INDEX rfq_recipients_booth ON rfq_recipients (booth_id, rfq_id);

-- Specifications attached to a request: a PDF kept as sent, or a picture re-encoded as
-- JPEG; stored under the hash of the stored bytes, outside the public media folder.
CREATE TABLE rfq_files (
    id          BIGSERIAL PRIMARY KEY,
    rfq_id      BIGINT NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    stored      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg')),
    bytes       BIGINT NOT NULL CHECK (bytes > 0),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX rfq_files_rfq ON rfq_files (rfq_id, id);

-- One quote per booth per request, in INR (the buyer sees their currency beside it).
CREATE TABLE rfq_quotes (
    id             BIGSERIAL PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    rfq_id         BIGINT NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    booth_id       BIGINT NOT NULL REFERENCES booths (id),
    product_id     BIGINT NOT NULL REFERENCES products (id),
    unit_inr_minor BIGINT NOT NULL CHECK (unit_inr_minor > 0),
    -- Cheaper prices for larger quantities, as products keep them.
    price_breaks   TEXT NOT NULL DEFAULT '',
    incoterm       TEXT NOT NULL CHECK (incoterm IN ('EXW', 'FOB', 'CIF', 'DDP')),
    lead_days      BIGINT NOT NULL CHECK (lead_days >= 0),
    -- Acceptable until the end of this UTC day (its midnight is stored).
    valid_until    BIGINT NOT NULL,
    -- 0: paid in full at once; else the share paid now, the balance before shipping.
    deposit_bps    BIGINT NOT NULL DEFAULT 0 CHECK (deposit_bps BETWEEN 0 AND 9000),
    remarks        TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'accepted', 'withdrawn')),
    order_id       BIGINT REFERENCES orders (id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (rfq_id, booth_id)
);
CREATE INDEX rfq_quotes_booth ON rfq_quotes (booth_id, id);

-- One thread per request and booth, between the buyer and the booth's team.
CREATE TABLE rfq_messages (
    id         BIGSERIAL PRIMARY KEY,
    rfq_id     BIGINT NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    booth_id   BIGINT NOT NULL REFERENCES booths (id),
    author_id  BIGINT NOT NULL REFERENCES users (id),
    from_booth BIGINT NOT NULL CHECK (from_booth IN (0, 1)),
    body       TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX rfq_messages_thread ON rfq_messages (rfq_id, booth_id, id);

-- An order made by accepting a quote: no shelf stock is taken (it is made or packed to
-- order within the quoted lead time). With a deposit, the order's own payment session takes
-- the deposit and a later session (balance_of) the rest; it ships only once both are paid.
ALTER TABLE orders ADD COLUMN quote_id BIGINT REFERENCES rfq_quotes (id);
ALTER TABLE orders ADD COLUMN deposit_minor BIGINT NOT NULL DEFAULT 0 CHECK (deposit_minor >= 0);
ALTER TABLE orders ADD COLUMN balance_paid_at BIGINT;
-- The session the balance was paid through (a buyer may open several; one pays it).
ALTER TABLE orders ADD COLUMN balance_session TEXT;
ALTER TABLE payment_sessions ADD COLUMN balance_of BIGINT REFERENCES orders (id);
CREATE INDEX payment_sessions_balance ON payment_sessions (balance_of);

-- A refund owed either undoes a whole order (paid after its hold ran out), or gives back one
-- extra payment (a second balance) and leaves the order as it is.
ALTER TABLE refunds_due ADD COLUMN whole_order BIGINT NOT NULL DEFAULT 1 CHECK (whole_order IN (0, 1));
