-- Email verification. A buyer's address is known once they open the link mailed to it: until
-- then the account gets no reminder or marketing mail and cannot place a deal order.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
-- Accounts that predate verification and hold a role were set up by an administrator or
-- joined through an emailed invitation: their addresses count as known. Buyers confirm theirs.
UPDATE users SET email_verified_at = created_at
 WHERE is_admin = 1
    OR id IN (SELECT user_id FROM council_curators)
    OR id IN (SELECT user_id FROM booth_members);

-- Verification links: one-time, a week long, only a SHA-256 of the token is kept.
CREATE TABLE email_verifications (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
