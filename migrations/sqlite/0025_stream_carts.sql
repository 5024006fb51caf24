-- The control room's carts: a viewer who added a product to their cart from the live room's
-- checkout, once per stream and product; `viewer` is keyed as in stream_clicks.
CREATE TABLE stream_carts (
    stream_id   INTEGER NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    viewer      TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    PRIMARY KEY (stream_id, product_id, viewer)
);
