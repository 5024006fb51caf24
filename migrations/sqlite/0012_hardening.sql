-- Hardening. Each order gets its own buyer key: the checkout id (shared by every order of a
-- multi-booth checkout) no longer opens an order, so one booth's team cannot reach another's.
ALTER TABLE orders ADD COLUMN buyer_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET buyer_key = 'ok_' || lower(hex(randomblob(12))) WHERE buyer_key = '';

-- Rate limits of every kind (sign-ins, sign-ups, resets, checkouts) share one table.
ALTER TABLE login_failures RENAME TO throttle_events;

-- The client address a checkout came from: open holds are limited per address and per
-- account, so one client cannot keep a product sold out.
ALTER TABLE orders ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_client_holds ON orders (client, state);
CREATE INDEX orders_user_holds ON orders (user_id, state);
