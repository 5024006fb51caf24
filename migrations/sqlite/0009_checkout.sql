-- Instant checkout: orders (one per exhibitor of a checkout), their lines and state history,
-- and idempotency keys with the response they produced. Stock is taken when the order is
-- made (the reservation) and given back when a pending order expires or is cancelled.

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    checkout        TEXT NOT NULL,
    booth_id        INTEGER NOT NULL REFERENCES booths (id),
    user_id         INTEGER REFERENCES users (id),
    email           TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
    currency        TEXT NOT NULL,
    -- The rate the buyer's prices were converted at (INR per unit, in millionths).
    inr_per_unit_micros INTEGER NOT NULL,
    total_minor     INTEGER NOT NULL CHECK (total_minor >= 0),
    total_inr_minor INTEGER NOT NULL CHECK (total_inr_minor >= 0),
    created_at      INTEGER NOT NULL,
    -- A pending order holds its stock until then.
    expires_at      INTEGER NOT NULL
);
CREATE INDEX orders_checkout ON orders (checkout);
CREATE INDEX orders_pending ON orders (state, expires_at);

CREATE TABLE order_items (
    order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id      INTEGER NOT NULL REFERENCES products (id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_inr_minor  INTEGER NOT NULL,
    unit_minor      INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- Every state an order passes through, with who moved it and when.
CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Stripe's semantics: a key remembers the request's hash and the response it got (errors
-- included), for at least 24 hours.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    body         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
