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
