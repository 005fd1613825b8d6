-- "For you": what each reader tells us about papers, private to them. kind: 'save' (the reading list; counts as
-- liked), 'pick' (chosen on the first visit or matched from an imported library; liked, not on the reading list),
-- 'dismiss' ("not interested": never shown again on for-you, a negative example for the reader's model).
CREATE TABLE reader_papers (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    paper_id    TEXT NOT NULL REFERENCES papers (id),
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, paper_id)
);
CREATE INDEX reader_papers_paper ON reader_papers (paper_id);

-- Mutes: papers with a muted word (in the title or abstract), category or author are left out of for-you and
-- digests, and of lists when the reader asks to hide muted papers. kind: 'word', 'category' or 'author'.
CREATE TABLE reader_mutes (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);

-- Topics a reader asked for (first visit or preferences): every word of one in a paper's title or abstract counts
-- for the paper on for-you.
CREATE TABLE reader_topics (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    topic       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
);
