package papers.paper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Papers' embeddings, stored beside the papers (table {@code paper_embeddings}) so the search index can be rebuilt
 * without recomputing them. A paper whose title or abstract changes loses its embedding (see {@link PaperStore}).
 */
public final class EmbeddingStore {

    private static final int IN_CHUNK = 500;

    private final Jdbi jdbi;
    private final String model;

    /** Embeddings of {@code model}; rows of another model count as missing. */
    public EmbeddingStore(Database database, String model) {
        this.jdbi = database.jdbi();
        this.model = model;
    }

    /** The stored embeddings among {@code ids}, keyed by paper id. */
    public Map<String, float[]> get(Collection<String> ids) {
        Map<String, float[]> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            jdbi.useHandle(h -> h.createQuery(
                            "SELECT paper_id, vector FROM paper_embeddings WHERE model = :model AND paper_id IN (<ids>)")
                    .bind("model", model)
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), decode(rs.getBytes(2))))
                    .forEach(e -> found.put(e.getKey(), e.getValue())));
        }
        return found;
    }

    /**
     * Stores embeddings of {@code papers} (same order as {@code vectors}) as read at change {@code seq}. A paper whose
     * title or abstract changed since it was read keeps no embedding: the vector describes text that is gone, and
     * the worker will embed the new text.
     */
    public void put(List<Paper> papers, List<float[]> vectors, long seq) {
        if (papers.size() != vectors.size()) {
            throw new IllegalArgumentException(papers.size() + " papers but " + vectors.size() + " vectors");
        }
        if (papers.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(h -> write(h.getConnection(), papers, vectors, seq));
        } catch (java.sql.SQLException e) {
            throw new StoreException("could not save embeddings: " + e.getMessage(), e);
        }
    }

    private void write(java.sql.Connection c, List<Paper> papers, List<float[]> vectors, long seq)
            throws java.sql.SQLException {
        {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM paper_embeddings WHERE paper_id = ?");
                 PreparedStatement insert = c.prepareStatement("""
                         INSERT INTO paper_embeddings (paper_id, model, vector, computed_seq)
                         SELECT ?, ?, ?, ? WHERE EXISTS (
                             SELECT 1 FROM papers WHERE id = ? AND title = ? AND COALESCE(abstract, '') = ?)""")) {
                for (int i = 0; i < papers.size(); i++) {
                    Paper p = papers.get(i);
                    delete.setString(1, p.id());
                    delete.addBatch();
                    insert.setString(1, p.id());
                    insert.setString(2, model);
                    insert.setBytes(3, encode(vectors.get(i)));
                    insert.setLong(4, seq);
                    insert.setString(5, p.id());
                    insert.setString(6, p.title());
                    insert.setString(7, p.abstractText());
                    insert.addBatch();
                }
                delete.executeBatch();
                insert.executeBatch();
            }
        }
    }

    /**
     * The embeddings of the {@code limit} most recently listed visible papers, keyed by paper id: the background a
     * reader's model of "For you" is fitted against (what was on offer lately).
     */
    public Map<String, float[]> recentlyListed(int limit) {
        Map<String, float[]> found = new java.util.LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT e.paper_id, e.vector FROM paper_embeddings e JOIN papers p ON p.id = e.paper_id
                        WHERE e.model = :model AND p.listed_on IS NOT NULL AND p.hidden_at IS NULL
                        ORDER BY p.listed_on DESC, p.id DESC LIMIT :limit""")
                .bind("model", model)
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getString(1), decode(rs.getBytes(2))))
                .forEach(e -> found.put(e.getKey(), e.getValue())));
        return found;
    }

    /** Ids of up to {@code limit} stored papers without an embedding of this model, in id order. */
    public List<String> missingIds(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id FROM papers p
                        WHERE NOT EXISTS (SELECT 1 FROM paper_embeddings e WHERE e.paper_id = p.id AND e.model = :model)
                        ORDER BY p.id LIMIT :limit""")
                .bind("model", model)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    public long countMissing() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM papers p
                        WHERE NOT EXISTS (SELECT 1 FROM paper_embeddings e WHERE e.paper_id = p.id AND e.model = :model)""")
                .bind("model", model)
                .mapTo(Long.class)
                .one());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM paper_embeddings WHERE model = :model")
                .bind("model", model)
                .mapTo(Long.class)
                .one());
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
