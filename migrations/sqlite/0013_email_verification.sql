-- Email verification. A buyer's address is known once they open the link mailed to it: until
-- then the account gets no reminder or marketing mail and cannot place a deal order.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
-- Accounts that predate verification keep what they had (their reminders, deals): they were
-- never sent a link to open. Every account made from now on confirms its address.
UPDATE users SET email_verified_at = created_at;

-- Verification links: one-time, a week long, only a SHA-256 of the token is kept.
CREATE TABLE email_verifications (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
