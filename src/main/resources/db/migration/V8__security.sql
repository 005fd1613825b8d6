-- Security review (issue 12): rate limits shared by every node, session idle time, token expiry, unique addresses.

-- One row per counted event of a rate limit (login attempts, sign-ups, votes...). Counted in the database so N nodes
-- on one PostgreSQL share the limits. bucket is a SHA-256 of the limit's name and key: usernames, addresses and IP
-- addresses are not stored in the clear. Rows are deleted once past expires_ms.
CREATE TABLE rate_events (
    id          ${id_pk},
    bucket      TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at_ms);
CREATE INDEX rate_events_expiry ON rate_events (expires_ms);

-- Sessions end after an idle time as well as at their absolute expiry (expires_at); last_seen_at is renewed at most
-- once a minute by the requests of the session.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;

-- API tokens may expire.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- One account per address: email_key is the canonical address lower-cased. Existing duplicates keep working (only the
-- first account of an address gets the key; NULLs do not collide) but no new one can be made.
ALTER TABLE users ADD COLUMN email_key TEXT;
UPDATE users SET email_key = lower(email) WHERE id IN (SELECT min(id) FROM users GROUP BY lower(email));
CREATE UNIQUE INDEX users_email_key ON users (email_key);
-- With SMTP configured an address is used for digests or claims only once verified (the link mailed at sign-up).
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
