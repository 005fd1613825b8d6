-- Papers a source asked for and did not get (arxiv-enrich: ids the arXiv API does not return, e.g. withdrawn or
-- not on arXiv). Asked again only after retry_after, which doubles with each miss (1, 2, 4 … days, at most 30),
-- so a run spends its requests on papers that can still be filled.
CREATE TABLE source_misses (
    source          TEXT NOT NULL,
    paper_id        TEXT NOT NULL,
    misses          INTEGER NOT NULL,
    retry_after     TEXT NOT NULL,
    PRIMARY KEY (source, paper_id)
);
