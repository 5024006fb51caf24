-- Curation: the call for exhibitors (an application per hall with credentials), the
-- council's review, and a log of who decided what, when.

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    hall_id       INTEGER NOT NULL REFERENCES halls (id),
    applicant_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'submitted'
                  CHECK (state IN ('submitted', 'changes_requested', 'approved', 'rejected')),
    company_name  TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    city          TEXT NOT NULL,
    region        TEXT NOT NULL,
    founded_year  INTEGER NOT NULL,
    iec           TEXT NOT NULL,
    gstin         TEXT NOT NULL,
    products      TEXT NOT NULL,
    markets       TEXT NOT NULL,
    -- The reason given with the latest decision, which the applicant sees.
    reason        TEXT NOT NULL DEFAULT '',
    booth_id      INTEGER REFERENCES booths (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX applications_queue ON applications (hall_id, state, updated_at);
CREATE INDEX applications_applicant ON applications (applicant_id);

CREATE TABLE application_certificates (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    badge_id       INTEGER NOT NULL REFERENCES badges (id),
    number         TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (application_id, badge_id)
);

-- Every curation decision and moderation step: who (actor), what (action, subject), why.
CREATE TABLE curation_log (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER NOT NULL REFERENCES users (id),
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL
);
CREATE INDEX curation_log_subject ON curation_log (subject, at);
