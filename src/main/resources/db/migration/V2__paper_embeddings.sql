-- Each paper's embedding, kept with the paper so rebuilding the search index never recomputes one.
-- vector: little-endian float32s; model: which embedder made it; computed_seq: the paper_changes seq it reflects.
-- A paper whose title or abstract changes loses its row in the same transaction (PaperStore), so the background
-- worker embeds the new text.
CREATE TABLE paper_embeddings (
    paper_id        TEXT PRIMARY KEY REFERENCES papers (id),
    model           TEXT NOT NULL,
    vector          ${blob} NOT NULL,
    computed_seq    BIGINT NOT NULL
);
