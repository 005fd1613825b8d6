package papers.community;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.PaperStore;

/**
 * Upvotes, one per user and paper. A vote row and the paper's counts ({@code upvotes}, {@code local_upvotes})
 * change in one transaction with atomic increments, and a {@code paper_changes} row makes caches and the index
 * follow. Imported counts and local votes combine as: shown = imported + local; a later import raises the shown
 * count only when Hugging Face's number is higher than it (imports merge with max, see Paper.mergedWith).
 */
public final class VoteStore {

    /** The paper's count after a vote, and whether this user's vote is on it. */
    public record Result(int upvotes, boolean upvoted) { }

    private final Jdbi jdbi;
    private final boolean postgres;
    private final PaperStore papers;
    private final Clock clock;

    public VoteStore(Database database, PaperStore papers, Clock clock) {
        this.papers = papers;
        this.jdbi = database.jdbi();
        this.postgres = database.kind() == Database.Kind.POSTGRESQL;
        this.clock = clock;
    }

    /** Sets or removes the user's vote; empty when there is no such paper. Idempotent either way. */
    public Optional<Result> vote(long userId, String paperId, boolean on) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        boolean[] counted = {false};
        Optional<Result> result = jdbi.inTransaction(h -> {
            if (postgres) {
                // An import reads a paper's count, merges in Java and writes it back under this lock held
                // exclusively; votes take it shared, so they never interleave with that read-modify-write
                // (between themselves, the atomic increments are enough).
                h.execute("SELECT pg_advisory_xact_lock_shared(?)", PaperStore.UPSERT_LOCK);
            }
            if (!PaperStore.isListed(h, paperId)) {
                return Optional.<Result>empty();
            }
            int changed = on
                    ? h.createUpdate("INSERT INTO votes (user_id, paper_id, created_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT DO NOTHING").bind(0, userId).bind(1, paperId).bind(2, now).execute()
                    : h.createUpdate("DELETE FROM votes WHERE user_id = ? AND paper_id = ?")
                            .bind(0, userId).bind(1, paperId).execute();
            if (changed == 1) {
                int delta = on ? 1 : -1;
                h.createUpdate("UPDATE papers SET upvotes = upvotes + ?, local_upvotes = local_upvotes + ?, "
                                + "updated_at = ? WHERE id = ?")
                        .bind(0, delta).bind(1, delta).bind(2, now).bind(3, paperId).execute();
                PaperStore.logChange(h, paperId, now);
                counted[0] = true;
            }
            return Optional.of(new Result(upvotes(h, paperId), on));
        });
        if (counted[0]) {
            papers.changed(); // after the commit: caches and the index catch up now, not at their next poll
        }
        return result;
    }

    /** Flips the user's vote on a paper; empty when there is no such paper. */
    public Optional<Result> toggle(long userId, String paperId) {
        return vote(userId, paperId, !hasVoted(userId, paperId));
    }

    public boolean hasVoted(long userId, String paperId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM votes WHERE user_id = ? AND paper_id = ?")
                .bind(0, userId).bind(1, paperId).mapTo(Integer.class).findOne().isPresent());
    }

    /** Which of these papers the user upvoted. */
    public Set<String> votedAmong(long userId, Collection<String> paperIds) {
        if (paperIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT paper_id FROM votes WHERE user_id = :user AND paper_id IN (<ids>)")
                .bind("user", userId).bindList("ids", paperIds).mapTo(String.class).list()));
    }

    /** The papers the user upvoted, most recent vote first. */
    public java.util.List<String> recentlyUpvoted(long userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paper_id FROM votes WHERE user_id = ? "
                        + "ORDER BY created_at DESC, paper_id LIMIT ?")
                .bind(0, userId).bind(1, limit).mapTo(String.class).list());
    }

    /** An upvote and when it was given. */
    public record Upvote(String paperId, java.time.Instant at) { }

    /** The user's upvotes with their times, most recent first (digests weigh recent ones higher). */
    public java.util.List<Upvote> upvotes(long userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paper_id, created_at FROM votes WHERE user_id = ? "
                        + "ORDER BY created_at DESC, paper_id LIMIT ?")
                .bind(0, userId).bind(1, limit)
                .map((rs, ctx) -> new Upvote(rs.getString(1), java.time.Instant.parse(rs.getString(2)))).list());
    }

    private static int upvotes(Handle h, String paperId) {
        return h.createQuery("SELECT upvotes FROM papers WHERE id = ?").bind(0, paperId).mapTo(Integer.class).one();
    }
}
