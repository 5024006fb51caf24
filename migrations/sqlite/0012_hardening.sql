-- Hardening. Each order gets its own buyer key: the checkout id (shared by every order of a
-- multi-booth checkout) no longer opens an order, so one booth's team cannot reach another's.
ALTER TABLE orders ADD COLUMN buyer_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET buyer_key = 'ok_' || lower(hex(randomblob(12))) WHERE buyer_key = '';

-- Rate limits of every kind (sign-ins, sign-ups, resets, checkouts) share one table.
ALTER TABLE login_failures RENAME TO throttle_events;
