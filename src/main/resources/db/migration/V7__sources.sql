-- Scheduled sources (papers.sources): one row per source name in sources.toml, kept across restarts and shared by
-- every node. The watermark and cursor advance in the same transaction as the papers that moved them, so a kill at
-- any moment re-reads a little and never skips.

CREATE TABLE source_state (
    name            TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    watermark       TEXT,                           -- arxiv-oai: the latest datestamp of a complete harvest (day)
    cursor          TEXT,                           -- arxiv-oai: resumptionToken of the harvest under way
    harvest_max     TEXT,                           -- arxiv-oai: latest datestamp seen by the harvest under way
    last_run        TEXT,                           -- when the last run started
    last_success    TEXT,                           -- when the last run that ended without error ended
    last_error      TEXT,                           -- one line, null after a success
    failures        INTEGER NOT NULL DEFAULT 0,     -- failed runs in a row (backoff)
    paused_until    TEXT,                           -- github-stars: the rate limit's reset
    runs            INTEGER NOT NULL DEFAULT 0,
    created         INTEGER NOT NULL DEFAULT 0,     -- counts of the last run
    updated         INTEGER NOT NULL DEFAULT 0,
    unchanged       INTEGER NOT NULL DEFAULT 0,
    rejected        INTEGER NOT NULL DEFAULT 0
);

-- Conditional requests (github-stars): the ETag of each URL's last 200 answer and the value it carried.
CREATE TABLE source_etags (
    source          TEXT NOT NULL,
    url             TEXT NOT NULL,
    etag            TEXT NOT NULL,
    value           TEXT,
    PRIMARY KEY (source, url)
);
