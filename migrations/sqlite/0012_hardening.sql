-- Hardening. Each order gets its own buyer key: the checkout id (shared by every order of a
-- multi-booth checkout) no longer opens an order, so one booth's team cannot reach another's.
ALTER TABLE orders ADD COLUMN buyer_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET buyer_key = 'ok_' || lower(hex(randomblob(12))) WHERE buyer_key = '';
-- A payment page still open returns its buyer to the order with its own key.
UPDATE payment_sessions
   SET return_path = substr(return_path, 1, instr(return_path, '?') - 1) || '?key=' ||
       (SELECT o.buyer_key FROM orders o WHERE o.checkout = payment_sessions.checkout ORDER BY o.id LIMIT 1)
 WHERE return_path LIKE '%?checkout=%'
   AND EXISTS (SELECT 1 FROM orders o WHERE o.checkout = payment_sessions.checkout);

-- Rate limits of every kind (sign-ins, sign-ups, resets, checkouts) share one table.
ALTER TABLE login_failures RENAME TO throttle_events;

-- The client address a checkout came from: open holds are limited per address and per
-- account, so one client cannot keep a product sold out.
ALTER TABLE orders ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_client_holds ON orders (client, state);
CREATE INDEX orders_user_holds ON orders (user_id, state);

-- Refunds owed (a payment that arrived for an order whose stock was gone), written in the
-- same transaction as the payment: sent after the commit and retried until the provider
-- confirms, so a payment is never kept for a cancelled order.
CREATE TABLE refunds_due (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders (id),
    provider      TEXT NOT NULL,
    payment_ref   TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    idem_key      TEXT NOT NULL UNIQUE,
    note          TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       INTEGER NOT NULL,
    done_at       INTEGER,
    last_error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_due_next ON refunds_due (done_at, next_at);

-- A host profile belongs to one booth: another booth can neither put it on its streams nor
-- block its time. Existing profiles go to the booth of their first stream.
ALTER TABLE hosts ADD COLUMN booth_id INTEGER REFERENCES booths (id);
UPDATE hosts SET booth_id = (
    SELECT s.booth_id FROM stream_hosts sh JOIN streams s ON s.id = sh.stream_id
     WHERE sh.host_id = hosts.id ORDER BY s.id LIMIT 1
) WHERE booth_id IS NULL;
CREATE INDEX hosts_booth ON hosts (booth_id);

-- A room as of one of its events, so a page view folds only the events after it: the cost
-- of a view does not grow with the room's history.
CREATE TABLE room_snapshots (
    stream_id  INTEGER PRIMARY KEY REFERENCES streams (id),
    last_id    INTEGER NOT NULL,
    state      TEXT NOT NULL
);
