-- The control room's pin clicks: a viewer who opened a pinned product's checkout from the
-- live room, once per stream and product (the checkout is read again as they change it).
-- `viewer`: `u:<user id>` as in viewer_sessions, else a hash of the client address keyed by
-- a secret the serving process draws (a guest is one viewer while that process runs).
CREATE TABLE stream_clicks (
    stream_id   BIGINT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    product_id  BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    viewer      TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    PRIMARY KEY (stream_id, product_id, viewer)
);
