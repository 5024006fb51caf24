-- Trade terms an importer reads before ordering: quantity price breaks (stored as
-- "from:price_minor" pairs, lowest quantity first, written only by the app's own encoder),
-- a sample offer with its own price, per-buyer cap, weight and count left, lead time,
-- packaging, and the Incoterms the exhibitor ships on. A sample is an order line of its own.
ALTER TABLE products ADD COLUMN price_breaks TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN sample_price_minor BIGINT NOT NULL DEFAULT 0 CHECK (sample_price_minor >= 0);
ALTER TABLE products ADD COLUMN sample_per_buyer BIGINT NOT NULL DEFAULT 0 CHECK (sample_per_buyer >= 0);
ALTER TABLE products ADD COLUMN sample_weight_grams BIGINT NOT NULL DEFAULT 0 CHECK (sample_weight_grams >= 0);
ALTER TABLE products ADD COLUMN samples_left BIGINT NOT NULL DEFAULT 0 CHECK (samples_left >= 0);
ALTER TABLE products ADD COLUMN lead_days BIGINT NOT NULL DEFAULT 0 CHECK (lead_days >= 0);
ALTER TABLE products ADD COLUMN packaging TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN incoterms TEXT NOT NULL DEFAULT 'EXW,FOB,CIF,DDP';
ALTER TABLE order_items ADD COLUMN sample BIGINT NOT NULL DEFAULT 0;
