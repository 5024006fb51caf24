-- A council moderator in a buyer–seller meeting (issue 23). When the buyer is a hosted buyer
-- of the council whose hall holds the booth, either party may ask that council for a
-- moderator; one of its curators takes the seat, and from then on sees the meeting and
-- enters its room beside the two parties. Withdrawing the request frees the seat.

-- The council asked (only the meeting's programme council), and the curator seated.
ALTER TABLE meetings ADD COLUMN moderator_council INTEGER REFERENCES councils (id);
ALTER TABLE meetings ADD COLUMN moderator_id INTEGER REFERENCES users (id);
-- When the council's curators were last mailed for it: asking again after a withdrawal
-- mails them at most once a day.
ALTER TABLE meetings ADD COLUMN moderator_mailed_at INTEGER;
CREATE INDEX meetings_moderator ON meetings (moderator_id);
CREATE INDEX meetings_moderator_council ON meetings (moderator_council, ends_at);
