-- Follows: a user follows authors (keyed by name as printed on papers, as /authors/{name} is) and organizations
-- (keyed by their short name, as /orgs/{name} is). The primary key serves a user's list and the feed; the second
-- index finds who follows a target.
CREATE TABLE follows (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,                      -- 'author' or 'organization'
    target      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
CREATE INDEX follows_target ON follows (kind, target);

-- Authorship claims: a user says they are the author at a position (from 0) of a paper's author list; an admin
-- approves or rejects. author_name keeps the name claimed, so a later version that reorders the authors does not
-- move a badge onto someone else. A user has at most one claim per paper (whatever its fate), and an author entry
-- at most one claim that is pending or approved.
CREATE TABLE author_claims (
    id              ${id_pk},
    paper_id        TEXT NOT NULL REFERENCES papers (id),
    author_position INTEGER NOT NULL,
    author_name     TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL,                  -- 'pending', 'approved' or 'rejected'
    created_at      TEXT NOT NULL,
    decided_at      TEXT,
    decided_by      BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX author_claims_user_paper ON author_claims (paper_id, user_id);
CREATE UNIQUE INDEX author_claims_live_entry ON author_claims (paper_id, author_position) WHERE status <> 'rejected';
CREATE INDEX author_claims_user ON author_claims (user_id, status);
CREATE INDEX author_claims_status ON author_claims (status, id);
