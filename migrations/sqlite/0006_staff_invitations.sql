-- A booth owner invites staff by email; the link carries a token of which only a SHA-256
-- is kept. Accepting needs the invited address signed in.
CREATE TABLE staff_invitations (
    id          INTEGER PRIMARY KEY,
    booth_id    INTEGER NOT NULL REFERENCES booths (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER
);
CREATE INDEX staff_invitations_booth ON staff_invitations (booth_id, accepted_at);
