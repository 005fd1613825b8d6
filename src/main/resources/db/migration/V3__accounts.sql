-- Accounts: users, their browser sessions and API tokens, and the log of admin actions.
-- Secrets (session ids, API tokens) are stored only as SHA-256 hex digests: a leaked database opens no account.
-- Flags are INTEGER 0/1 so both databases read them alike.

CREATE TABLE users (
    id              ${id_pk},
    username        TEXT NOT NULL,                  -- as the user spelled it
    username_key    TEXT NOT NULL UNIQUE,           -- lower-cased: usernames are unique case-insensitively
    email           TEXT NOT NULL,
    password_hash   TEXT NOT NULL,                  -- Argon2id, PHC string with its parameters and salt
    is_admin        INTEGER NOT NULL DEFAULT 0,
    banned_at       TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    csrf_token      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id              ${id_pk},
    user_id         BIGINT NOT NULL REFERENCES users (id),
    token_hash      TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_used_at    TEXT,
    revoked_at      TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id              ${id_pk},
    actor_id        BIGINT REFERENCES users (id),   -- NULL: the command line
    action          TEXT NOT NULL,
    target          TEXT,
    detail          TEXT,
    created_at      TEXT NOT NULL
);

-- Upvotes: one row per user and paper. papers.upvotes is the count shown and ranked on: the imported Hugging Face
-- count plus local votes, kept exact by changing it in the same transaction as the vote row. local_upvotes counts
-- the local votes alone (always equal to this table's rows for the paper), so imported = upvotes - local_upvotes.
CREATE TABLE votes (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    paper_id    TEXT NOT NULL REFERENCES papers (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX votes_paper ON votes (paper_id);
ALTER TABLE papers ADD COLUMN local_upvotes INTEGER NOT NULL DEFAULT 0;

-- Comments, threaded one level: a reply's parent is a top-level comment of the same paper. body is the Markdown
-- as written (rendered safely when shown). A deleted comment keeps its row (its replies stay in place) without its
-- text. papers.num_comments counts imported plus live local comments, changed in the comment's transaction.
CREATE TABLE comments (
    id          ${id_pk},
    paper_id    TEXT NOT NULL REFERENCES papers (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    parent_id   BIGINT REFERENCES comments (id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    edited_at   TEXT,
    deleted_at  TEXT,
    hidden_at   TEXT                                -- hidden by an admin (see audit_log)
);
CREATE INDEX comments_paper ON comments (paper_id, id);
