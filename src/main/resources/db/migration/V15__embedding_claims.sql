-- Which node is embedding which paper, so that N server nodes on one PostgreSQL embed each paper once. A claim is a
-- lease (epoch milliseconds): a node that dies leaves claims that expire, and another node takes the papers over.
CREATE TABLE embedding_claims (
    paper_id      TEXT PRIMARY KEY,
    node          TEXT NOT NULL,
    claimed_until BIGINT NOT NULL
);
