-- Submissions: which local user put a paper on the daily feed (papers.submitter_* holds the name shown, as for
-- imported papers; this table ties it to the account, for the profile page and the per-user daily limit).
-- A paper is listed once, so it has at most one submission.
CREATE TABLE submissions (
    paper_id    TEXT NOT NULL PRIMARY KEY REFERENCES papers (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX submissions_user ON submissions (user_id, created_at);

-- Papers hidden by an admin (see audit_log): left out of lists, feeds, search and the API; admins still see them.
ALTER TABLE papers ADD COLUMN hidden_at TEXT;
