-- The council's outcomes read each booth's orders in a period: by booth and time.
CREATE INDEX orders_booth_time ON orders (booth_id, created_at);
