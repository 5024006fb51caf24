-- The demo's simulated audience: accounts the demo made to fill its live room. Their
-- messages and questions are marked as demo activity in the room; they never sign in
-- (no password), never check out, and exist only where the demo was asked for.
ALTER TABLE users ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
