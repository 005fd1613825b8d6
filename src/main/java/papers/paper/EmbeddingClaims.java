package papers.paper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Leases on the embedding work (table {@code embedding_claims}): before embedding a batch, a node claims papers
 * that have no embedding and no live claim of another node; so two nodes on one PostgreSQL never compute the same
 * vector (before, 34 % were computed twice). The claim is taken with an upsert that only succeeds on a free or
 * expired row, so two nodes racing for a paper get it once (PostgreSQL makes the second wait for the first's
 * insert, then skips it; SQLite has one writer at a time anyway). A node that dies holds its papers only until
 * the lease ends.
 */
public final class EmbeddingClaims {

    private final Database database;
    private final String model;
    private final String node;
    private final Clock clock;
    private final Duration lease;

    public EmbeddingClaims(Database database, String model, String node, Clock clock, Duration lease) {
        this.database = database;
        this.model = model;
        this.node = node;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * Claims up to {@code limit} papers that have no embedding and no live claim (this node's included: what it
     * holds it is embedding already); in id order.
     */
    public List<String> claim(int limit) {
        for (int attempt = 0; attempt < 5; attempt++) {
            long now = clock.millis();
            List<String> candidates = database.jdbi().withHandle(h -> h.createQuery("""
                            SELECT p.id FROM papers p
                            WHERE NOT EXISTS (SELECT 1 FROM paper_embeddings e WHERE e.paper_id = p.id AND e.model = :model)
                              AND NOT EXISTS (SELECT 1 FROM embedding_claims c
                                              WHERE c.paper_id = p.id AND c.claimed_until > :now)
                            ORDER BY p.id LIMIT :limit""")
                    .bind("model", model).bind("now", now).bind("limit", limit)
                    .mapTo(String.class).list());
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<String> won = database.jdbi().inTransaction(h -> {
                List<String> mine = new ArrayList<>();
                for (String id : candidates) {
                    int taken = h.createUpdate("""
                                    INSERT INTO embedding_claims (paper_id, node, claimed_until) VALUES (:id, :node, :until)
                                    ON CONFLICT (paper_id) DO UPDATE SET node = excluded.node,
                                        claimed_until = excluded.claimed_until
                                    WHERE embedding_claims.claimed_until <= :now""")
                            .bind("id", id).bind("node", node).bind("until", now + lease.toMillis()).bind("now", now)
                            .execute();
                    if (taken == 1) {
                        mine.add(id);
                    }
                }
                return mine;
            });
            if (!won.isEmpty()) {
                return won;
            }
            // every candidate went to another node between the two statements: look again past them
        }
        return List.of();
    }

    /** Gives back this node's claims on {@code ids} (embedded, or given up). */
    public void release(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        database.jdbi().useHandle(h -> h.createUpdate(
                        "DELETE FROM embedding_claims WHERE node = :node AND paper_id IN (<ids>)")
                .bind("node", node).bindList("ids", List.copyOf(ids)).execute());
    }

    public String node() {
        return node;
    }
}
