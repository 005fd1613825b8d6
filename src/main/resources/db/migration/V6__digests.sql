-- Email digests: subscribers (with or without an account), their saved searches, and the ledger that makes each
-- (subscriber, period) digest go out at most once.

CREATE TABLE digest_subscribers (
    id              ${id_pk},
    email           TEXT NOT NULL,                  -- as typed
    email_key       TEXT NOT NULL UNIQUE,           -- lower-cased: one subscription per address
    frequency       TEXT NOT NULL,                  -- 'daily' or 'weekly'
    user_id         BIGINT REFERENCES users (id),   -- the account it was made from: its follows and upvotes count
    status          TEXT NOT NULL,                  -- 'pending' (not confirmed), 'active', 'suspended', 'unsubscribed'
    bounces         INTEGER NOT NULL DEFAULT 0,     -- permanent (5xx) failures in a row; 3 suspend the address
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    confirmed_at    TEXT
);
CREATE INDEX digest_subscribers_status ON digest_subscribers (status, frequency);

-- Saved searches, in the search syntax. Deleted when the address unsubscribes.
CREATE TABLE digest_topics (
    subscriber_id   BIGINT NOT NULL REFERENCES digest_subscribers (id),
    position        INTEGER NOT NULL,
    query           TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, position)
);

-- One row per subscriber and period ('daily:2026-08-21', 'weekly:2026-W34'), claimed in its own committed transaction
-- BEFORE the message goes to the SMTP server and marked after. state: 'claimed' (being sent, or the sender died:
-- acceptance unknown, never resent), 'sent', 'failed' (not accepted, temporary: a later run retries), 'rejected'
-- (permanent 5xx), 'unknown' (a claim found unmarked by a later run: logged, not resent).
CREATE TABLE digest_ledger (
    subscriber_id   BIGINT NOT NULL REFERENCES digest_subscribers (id),
    period          TEXT NOT NULL,
    state           TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    finished_at     TEXT,
    detail          TEXT,
    PRIMARY KEY (subscriber_id, period)
);
CREATE INDEX digest_ledger_period ON digest_ledger (period, state);
