-- One schema for SQLite and PostgreSQL. Placeholders fill the few types that differ (see papers.paper.Database).
-- Times are ISO-8601 UTC text with second precision ("2024-05-24T17:34:15Z") and days are "YYYY-MM-DD":
-- both sort correctly as text, read the same in either database, and need no driver-specific mapping.

CREATE TABLE organizations (
    id          ${id_pk},
    name        TEXT NOT NULL UNIQUE,
    full_name   TEXT,
    avatar      TEXT
);

-- Authors are keyed by name as printed on papers: that is all arXiv and Hugging Face say about them, and the
-- key every author page and link uses.
CREATE TABLE authors (
    name        TEXT PRIMARY KEY
);

CREATE TABLE papers (
    id                  TEXT PRIMARY KEY,          -- arXiv id without version
    version             INTEGER,
    title               TEXT NOT NULL,
    abstract            TEXT NOT NULL,
    authors             TEXT NOT NULL,             -- JSON array, in paper order: [{"name", "user"?, "hidden"?}]
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

-- Which papers an author wrote (the ordered list lives in papers.authors); one B-tree, looked up by author.
-- No foreign keys here: PaperStore writes both ends in the same transaction, and the per-row checks doubled
-- the cost of an import (some 100,000 rows for the Hugging Face file).
CREATE TABLE paper_authors (
    author_name TEXT NOT NULL,
    paper_id    TEXT NOT NULL,
    PRIMARY KEY (author_name, paper_id)
) ${without_rowid};

-- Every insert or update of a paper appends here in the same transaction; derived state (search index,
-- caches, embeddings) remembers the last seq it applied and catches up from there.
CREATE TABLE paper_changes (
    seq         ${id_pk},
    paper_id    TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
