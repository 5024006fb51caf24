-- The control room's pin clicks: a viewer who opened a pinned product's checkout from the
-- live room, once per stream and product (the checkout is read again as they change it).
-- `viewer` is keyed as in viewer_sessions (`u:<user id>`, else a hash of the address).
CREATE TABLE stream_clicks (
    stream_id   BIGINT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id  BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    viewer      TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    PRIMARY KEY (stream_id, product_id, viewer)
);
