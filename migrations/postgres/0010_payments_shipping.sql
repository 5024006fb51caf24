-- Shipping and landed price, FX quotes, payments, fulfilment and attribution (issue 7).
-- The tables are configuration as much as data: the seeded zones, rates and duties are
-- plausible values an administrator replaces with the pavilion's own.

-- Destination zones; each country belongs to one. `handling` is the export clearance and
-- origin handling an FOB or dearer Incoterm includes; insurance is a share of goods + freight.
CREATE TABLE shipping_zones (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    handling_inr_minor BIGINT NOT NULL CHECK (handling_inr_minor >= 0),
    insurance_bps   BIGINT NOT NULL CHECK (insurance_bps >= 0)
);
CREATE TABLE shipping_countries (
    country TEXT PRIMARY KEY CHECK (length(country) = 2),
    zone    TEXT NOT NULL REFERENCES shipping_zones (code)
);
-- Parcel rates by weight band: a parcel up to `up_to_grams` costs `price_inr_minor`. Heavier
-- orders go as several parcels of the largest band.
CREATE TABLE shipping_rates (
    zone            TEXT NOT NULL REFERENCES shipping_zones (code),
    service         TEXT NOT NULL CHECK (service IN ('economy', 'express')),
    up_to_grams     BIGINT NOT NULL CHECK (up_to_grams > 0),
    price_inr_minor BIGINT NOT NULL CHECK (price_inr_minor > 0),
    days_min        BIGINT NOT NULL,
    days_max        BIGINT NOT NULL CHECK (days_max >= days_min),
    PRIMARY KEY (zone, service, up_to_grams)
);
-- Import duty on the CIF value, by destination country and product category. A country
-- without a row has no duty in the table (shown as unknown, not as zero).
CREATE TABLE duty_rates (
    country  TEXT NOT NULL,
    category TEXT NOT NULL,
    rate_bps BIGINT NOT NULL CHECK (rate_bps >= 0),
    PRIMARY KEY (country, category)
);

INSERT INTO shipping_zones VALUES ('GCC', 'Gulf', 120000, 40);
INSERT INTO shipping_zones VALUES ('ASIA', 'Asia', 120000, 40);
INSERT INTO shipping_zones VALUES ('EU', 'European Union', 150000, 50);
INSERT INTO shipping_zones VALUES ('UK', 'United Kingdom', 150000, 50);
INSERT INTO shipping_zones VALUES ('NA', 'North America', 150000, 50);
INSERT INTO shipping_zones VALUES ('OC', 'Oceania', 150000, 50);
INSERT INTO shipping_zones VALUES ('AF', 'Africa', 130000, 60);
INSERT INTO shipping_zones VALUES ('LATAM', 'Latin America', 150000, 60);
INSERT INTO shipping_zones VALUES ('CIS', 'CIS', 140000, 60);
INSERT INTO shipping_countries VALUES ('AE', 'GCC'), ('SA', 'GCC'), ('QA', 'GCC'), ('KW', 'GCC'), ('OM', 'GCC'), ('BH', 'GCC');
INSERT INTO shipping_countries VALUES ('SG', 'ASIA'), ('MY', 'ASIA'), ('TH', 'ASIA'), ('JP', 'ASIA'), ('CN', 'ASIA'), ('KR', 'ASIA'), ('HK', 'ASIA'), ('ID', 'ASIA'), ('VN', 'ASIA'), ('BD', 'ASIA'), ('LK', 'ASIA'), ('NP', 'ASIA'), ('PH', 'ASIA'), ('TW', 'ASIA');
INSERT INTO shipping_countries VALUES ('DE', 'EU'), ('FR', 'EU'), ('ES', 'EU'), ('IT', 'EU'), ('NL', 'EU'), ('BE', 'EU'), ('PT', 'EU'), ('IE', 'EU'), ('AT', 'EU'), ('SE', 'EU'), ('PL', 'EU'), ('DK', 'EU'), ('FI', 'EU'), ('GR', 'EU'), ('CZ', 'EU');
INSERT INTO shipping_countries VALUES ('GB', 'UK');
INSERT INTO shipping_countries VALUES ('US', 'NA'), ('CA', 'NA'), ('MX', 'NA');
INSERT INTO shipping_countries VALUES ('AU', 'OC'), ('NZ', 'OC');
INSERT INTO shipping_countries VALUES ('ZA', 'AF'), ('KE', 'AF'), ('NG', 'AF'), ('EG', 'AF'), ('MA', 'AF'), ('TZ', 'AF');
INSERT INTO shipping_countries VALUES ('BR', 'LATAM'), ('AR', 'LATAM'), ('CL', 'LATAM'), ('CO', 'LATAM'), ('PE', 'LATAM');
INSERT INTO shipping_countries VALUES ('RU', 'CIS'), ('KZ', 'CIS'), ('UZ', 'CIS');
INSERT INTO shipping_rates VALUES
    ('GCC', 'economy', 500, 90000, 7, 12),
    ('GCC', 'express', 500, 171000, 3, 5),
    ('GCC', 'economy', 1000, 144000, 7, 12),
    ('GCC', 'express', 1000, 273600, 3, 5),
    ('GCC', 'economy', 2000, 234000, 7, 12),
    ('GCC', 'express', 2000, 444600, 3, 5),
    ('GCC', 'economy', 5000, 468000, 7, 12),
    ('GCC', 'express', 5000, 889200, 3, 5),
    ('GCC', 'economy', 10000, 810000, 7, 12),
    ('GCC', 'express', 10000, 1539000, 3, 5),
    ('GCC', 'economy', 20000, 1395000, 7, 12),
    ('GCC', 'express', 20000, 2650500, 3, 5),
    ('GCC', 'economy', 30000, 1890000, 7, 12),
    ('GCC', 'express', 30000, 3591000, 3, 5);
INSERT INTO shipping_rates VALUES
    ('ASIA', 'economy', 500, 80000, 8, 14),
    ('ASIA', 'express', 500, 152000, 3, 6),
    ('ASIA', 'economy', 1000, 128000, 8, 14),
    ('ASIA', 'express', 1000, 243200, 3, 6),
    ('ASIA', 'economy', 2000, 208000, 8, 14),
    ('ASIA', 'express', 2000, 395200, 3, 6),
    ('ASIA', 'economy', 5000, 416000, 8, 14),
    ('ASIA', 'express', 5000, 790400, 3, 6),
    ('ASIA', 'economy', 10000, 720000, 8, 14),
    ('ASIA', 'express', 10000, 1368000, 3, 6),
    ('ASIA', 'economy', 20000, 1240000, 8, 14),
    ('ASIA', 'express', 20000, 2356000, 3, 6),
    ('ASIA', 'economy', 30000, 1680000, 8, 14),
    ('ASIA', 'express', 30000, 3192000, 3, 6);
INSERT INTO shipping_rates VALUES
    ('EU', 'economy', 500, 140000, 10, 18),
    ('EU', 'express', 500, 266000, 4, 7),
    ('EU', 'economy', 1000, 224000, 10, 18),
    ('EU', 'express', 1000, 425600, 4, 7),
    ('EU', 'economy', 2000, 364000, 10, 18),
    ('EU', 'express', 2000, 691600, 4, 7),
    ('EU', 'economy', 5000, 728000, 10, 18),
    ('EU', 'express', 5000, 1383200, 4, 7),
    ('EU', 'economy', 10000, 1260000, 10, 18),
    ('EU', 'express', 10000, 2394000, 4, 7),
    ('EU', 'economy', 20000, 2170000, 10, 18),
    ('EU', 'express', 20000, 4123000, 4, 7),
    ('EU', 'economy', 30000, 2940000, 10, 18),
    ('EU', 'express', 30000, 5586000, 4, 7);
INSERT INTO shipping_rates VALUES
    ('UK', 'economy', 500, 130000, 9, 16),
    ('UK', 'express', 500, 247000, 3, 6),
    ('UK', 'economy', 1000, 208000, 9, 16),
    ('UK', 'express', 1000, 395200, 3, 6),
    ('UK', 'economy', 2000, 338000, 9, 16),
    ('UK', 'express', 2000, 642200, 3, 6),
    ('UK', 'economy', 5000, 676000, 9, 16),
    ('UK', 'express', 5000, 1284400, 3, 6),
    ('UK', 'economy', 10000, 1170000, 9, 16),
    ('UK', 'express', 10000, 2223000, 3, 6),
    ('UK', 'economy', 20000, 2015000, 9, 16),
    ('UK', 'express', 20000, 3828500, 3, 6),
    ('UK', 'economy', 30000, 2730000, 9, 16),
    ('UK', 'express', 30000, 5187000, 3, 6);
INSERT INTO shipping_rates VALUES
    ('NA', 'economy', 500, 160000, 12, 20),
    ('NA', 'express', 500, 304000, 4, 7),
    ('NA', 'economy', 1000, 256000, 12, 20),
    ('NA', 'express', 1000, 486400, 4, 7),
    ('NA', 'economy', 2000, 416000, 12, 20),
    ('NA', 'express', 2000, 790400, 4, 7),
    ('NA', 'economy', 5000, 832000, 12, 20),
    ('NA', 'express', 5000, 1580800, 4, 7),
    ('NA', 'economy', 10000, 1440000, 12, 20),
    ('NA', 'express', 10000, 2736000, 4, 7),
    ('NA', 'economy', 20000, 2480000, 12, 20),
    ('NA', 'express', 20000, 4712000, 4, 7),
    ('NA', 'economy', 30000, 3360000, 12, 20),
    ('NA', 'express', 30000, 6384000, 4, 7);
INSERT INTO shipping_rates VALUES
    ('OC', 'economy', 500, 170000, 12, 21),
    ('OC', 'express', 500, 323000, 5, 8),
    ('OC', 'economy', 1000, 272000, 12, 21),
    ('OC', 'express', 1000, 516800, 5, 8),
    ('OC', 'economy', 2000, 442000, 12, 21),
    ('OC', 'express', 2000, 839800, 5, 8),
    ('OC', 'economy', 5000, 884000, 12, 21),
    ('OC', 'express', 5000, 1679600, 5, 8),
    ('OC', 'economy', 10000, 1530000, 12, 21),
    ('OC', 'express', 10000, 2907000, 5, 8),
    ('OC', 'economy', 20000, 2635000, 12, 21),
    ('OC', 'express', 20000, 5006500, 5, 8),
    ('OC', 'economy', 30000, 3570000, 12, 21),
    ('OC', 'express', 30000, 6783000, 5, 8);
INSERT INTO shipping_rates VALUES
    ('AF', 'economy', 500, 150000, 12, 24),
    ('AF', 'express', 500, 285000, 5, 9),
    ('AF', 'economy', 1000, 240000, 12, 24),
    ('AF', 'express', 1000, 456000, 5, 9),
    ('AF', 'economy', 2000, 390000, 12, 24),
    ('AF', 'express', 2000, 741000, 5, 9),
    ('AF', 'economy', 5000, 780000, 12, 24),
    ('AF', 'express', 5000, 1482000, 5, 9),
    ('AF', 'economy', 10000, 1350000, 12, 24),
    ('AF', 'express', 10000, 2565000, 5, 9),
    ('AF', 'economy', 20000, 2325000, 12, 24),
    ('AF', 'express', 20000, 4417500, 5, 9),
    ('AF', 'economy', 30000, 3150000, 12, 24),
    ('AF', 'express', 30000, 5985000, 5, 9);
INSERT INTO shipping_rates VALUES
    ('LATAM', 'economy', 500, 180000, 15, 28),
    ('LATAM', 'express', 500, 342000, 6, 10),
    ('LATAM', 'economy', 1000, 288000, 15, 28),
    ('LATAM', 'express', 1000, 547200, 6, 10),
    ('LATAM', 'economy', 2000, 468000, 15, 28),
    ('LATAM', 'express', 2000, 889200, 6, 10),
    ('LATAM', 'economy', 5000, 936000, 15, 28),
    ('LATAM', 'express', 5000, 1778400, 6, 10),
    ('LATAM', 'economy', 10000, 1620000, 15, 28),
    ('LATAM', 'express', 10000, 3078000, 6, 10),
    ('LATAM', 'economy', 20000, 2790000, 15, 28),
    ('LATAM', 'express', 20000, 5301000, 6, 10),
    ('LATAM', 'economy', 30000, 3780000, 15, 28),
    ('LATAM', 'express', 30000, 7182000, 6, 10);
INSERT INTO shipping_rates VALUES
    ('CIS', 'economy', 500, 160000, 14, 25),
    ('CIS', 'express', 500, 304000, 6, 10),
    ('CIS', 'economy', 1000, 256000, 14, 25),
    ('CIS', 'express', 1000, 486400, 6, 10),
    ('CIS', 'economy', 2000, 416000, 14, 25),
    ('CIS', 'express', 2000, 790400, 6, 10),
    ('CIS', 'economy', 5000, 832000, 14, 25),
    ('CIS', 'express', 5000, 1580800, 6, 10),
    ('CIS', 'economy', 10000, 1440000, 14, 25),
    ('CIS', 'express', 10000, 2736000, 6, 10),
    ('CIS', 'economy', 20000, 2480000, 14, 25),
    ('CIS', 'express', 20000, 4712000, 6, 10),
    ('CIS', 'economy', 30000, 3360000, 14, 25),
    ('CIS', 'express', 30000, 6384000, 6, 10);
INSERT INTO duty_rates VALUES
    ('US', 'spice', 0),
    ('US', 'wave', 0),
    ('US', 'loom', 1200),
    ('US', 'craft', 450),
    ('US', 'gem', 550),
    ('US', 'harvest', 640),
    ('GB', 'spice', 0),
    ('GB', 'wave', 600),
    ('GB', 'loom', 1200),
    ('GB', 'craft', 400),
    ('GB', 'gem', 250),
    ('GB', 'harvest', 800),
    ('DE', 'spice', 0),
    ('DE', 'wave', 700),
    ('DE', 'loom', 1200),
    ('DE', 'craft', 370),
    ('DE', 'gem', 250),
    ('DE', 'harvest', 900),
    ('FR', 'spice', 0),
    ('FR', 'wave', 700),
    ('FR', 'loom', 1200),
    ('FR', 'craft', 370),
    ('FR', 'gem', 250),
    ('FR', 'harvest', 900),
    ('AE', 'spice', 500),
    ('AE', 'wave', 500),
    ('AE', 'loom', 500),
    ('AE', 'craft', 500),
    ('AE', 'gem', 500),
    ('AE', 'harvest', 500),
    ('SA', 'spice', 500),
    ('SA', 'wave', 500),
    ('SA', 'loom', 1200),
    ('SA', 'craft', 500),
    ('SA', 'gem', 500),
    ('SA', 'harvest', 1000),
    ('JP', 'spice', 0),
    ('JP', 'wave', 350),
    ('JP', 'loom', 750),
    ('JP', 'craft', 0),
    ('JP', 'gem', 0),
    ('JP', 'harvest', 1500),
    ('CN', 'spice', 1500),
    ('CN', 'wave', 700),
    ('CN', 'loom', 1000),
    ('CN', 'craft', 800),
    ('CN', 'gem', 800),
    ('CN', 'harvest', 1500),
    ('AU', 'spice', 0),
    ('AU', 'wave', 0),
    ('AU', 'loom', 500),
    ('AU', 'craft', 500),
    ('AU', 'gem', 0),
    ('AU', 'harvest', 0),
    ('CA', 'spice', 0),
    ('CA', 'wave', 0),
    ('CA', 'loom', 1800),
    ('CA', 'craft', 650),
    ('CA', 'gem', 850),
    ('CA', 'harvest', 0),
    ('BR', 'spice', 1000),
    ('BR', 'wave', 1000),
    ('BR', 'loom', 3500),
    ('BR', 'craft', 2000),
    ('BR', 'gem', 1800),
    ('BR', 'harvest', 1000),
    ('RU', 'spice', 500),
    ('RU', 'wave', 1000),
    ('RU', 'loom', 1000),
    ('RU', 'craft', 1500),
    ('RU', 'gem', 1500),
    ('RU', 'harvest', 1500),
    ('SG', 'spice', 0),
    ('SG', 'wave', 0),
    ('SG', 'loom', 0),
    ('SG', 'craft', 0),
    ('SG', 'gem', 0),
    ('SG', 'harvest', 0);

-- A locked exchange rate: prices shown with it are what the buyer pays, until it expires.
CREATE TABLE fx_quotes (
    id                  TEXT PRIMARY KEY,
    currency            TEXT NOT NULL,
    inr_per_unit_micros BIGINT NOT NULL CHECK (inr_per_unit_micros > 0),
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL
);
CREATE INDEX fx_quotes_age ON fx_quotes (expires_at);

-- What an order ships as and costs. Amounts are in the order's currency; the total is the
-- sum of the parts its Incoterm includes.
ALTER TABLE orders ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE orders ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN service TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN incoterm TEXT NOT NULL DEFAULT 'EXW';
ALTER TABLE orders ADD COLUMN goods_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN handling_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN freight_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN insurance_minor BIGINT NOT NULL DEFAULT 0;
-- NULL: the duty table has no rate for the destination.
ALTER TABLE orders ADD COLUMN duties_minor BIGINT;
ALTER TABLE orders ADD COLUMN days_min BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN days_max BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN ship_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_address TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN stream_id BIGINT REFERENCES streams (id);
ALTER TABLE orders ADD COLUMN host_id BIGINT REFERENCES hosts (id);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_booth ON orders (booth_id, id);
ALTER TABLE order_events ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- A hosted payment for one checkout (all its orders). The app never sees card data: the
-- provider's page takes it, and only a verified webhook moves the session.
CREATE TABLE payment_sessions (
    id           TEXT PRIMARY KEY,
    provider     TEXT NOT NULL,
    checkout     TEXT NOT NULL UNIQUE,
    currency     TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    state        TEXT NOT NULL DEFAULT 'open'
                 CHECK (state IN ('open', 'paid', 'declined', 'expired', 'refunded')),
    payment_ref  TEXT NOT NULL DEFAULT '',
    refunded_minor BIGINT NOT NULL DEFAULT 0,
    return_path  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
-- Webhook events already applied, so a replay changes nothing.
CREATE TABLE webhook_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- Attribution: who watched which stream when, and the commission a host earns.
ALTER TABLE hosts ADD COLUMN commission_bps BIGINT NOT NULL DEFAULT 500;
CREATE TABLE stream_views (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stream_id BIGINT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
    at        BIGINT NOT NULL,
    PRIMARY KEY (user_id, stream_id)
);
CREATE TABLE commissions (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    order_id         BIGINT NOT NULL UNIQUE REFERENCES orders (id),
    host_id          BIGINT NOT NULL REFERENCES hosts (id),
    stream_id        BIGINT NOT NULL REFERENCES streams (id),
    basis_inr_minor  BIGINT NOT NULL,
    rate_bps         BIGINT NOT NULL,
    amount_inr_minor BIGINT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('accrued', 'reversed')),
    at               BIGINT NOT NULL
);
CREATE INDEX commissions_host ON commissions (host_id, id);
