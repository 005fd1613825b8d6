-- One schema for SQLite and PostgreSQL. Placeholders fill the few types that differ (see papers.paper.Database).
-- Times are ISO-8601 UTC text with second precision ("2024-05-24T17:34:15Z") and days are "YYYY-MM-DD":
-- both sort correctly as text, read the same in either database, and need no driver-specific mapping.

CREATE TABLE organizations (
    id          ${id_pk},
    name        TEXT NOT NULL UNIQUE,
    full_name   TEXT,
    avatar      TEXT
);

CREATE TABLE authors (
    id          ${id_pk},
    name        TEXT NOT NULL UNIQUE
);

CREATE TABLE papers (
    id                  TEXT PRIMARY KEY,          -- arXiv id without version
    version             INTEGER,
    title               TEXT NOT NULL,
    abstract            TEXT NOT NULL,
    published_at        TEXT,
    listed_on           TEXT,                      -- day listed on the daily feed; NULL when only harvested
    organization_id     BIGINT REFERENCES organizations (id),
    upvotes             INTEGER NOT NULL DEFAULT 0,
    num_comments        INTEGER NOT NULL DEFAULT 0,
    github_repo         TEXT,
    github_stars        INTEGER,
    project_page        TEXT,
    ai_summary          TEXT,
    ai_keywords         TEXT,                      -- JSON array of strings
    submitter_name      TEXT,
    submitter_fullname  TEXT,
    submitter_avatar    TEXT,
    thumbnail           TEXT,
    discussion_id       TEXT,
    categories          TEXT,                      -- space-separated, primary first, as arXiv writes them
    comments            TEXT,
    journal_ref         TEXT,
    doi                 TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX papers_listed_on ON papers (listed_on, upvotes);
CREATE INDEX papers_published_at ON papers (published_at);
CREATE INDEX papers_organization ON papers (organization_id, published_at);
CREATE INDEX papers_submitter ON papers (submitter_name);

CREATE TABLE paper_authors (
    paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    author_id   BIGINT NOT NULL REFERENCES authors (id),
    hf_user     TEXT,
    hidden      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (paper_id, position)
);
CREATE INDEX paper_authors_author ON paper_authors (author_id);

-- Every insert or update of a paper appends here in the same transaction; derived state (search index,
-- caches, embeddings) remembers the last seq it applied and catches up from there.
CREATE TABLE paper_changes (
    seq         ${id_pk},
    paper_id    TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
