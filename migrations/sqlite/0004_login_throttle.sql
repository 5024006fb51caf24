-- Failed sign-ins, by account email and by client address, for throttling brute force
-- across every server node.
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
