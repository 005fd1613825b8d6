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
import papers.paper.PaperChanges;
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
    private final PaperStore papers;
    private final Clock clock;

    public VoteStore(Database database, PaperStore papers, Clock clock) {
        this.papers = papers;
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /** Sets or removes the user's vote; empty when there is no such paper. Idempotent either way. */
    public Optional<Result> vote(long userId, String paperId, boolean on) {
        // An import reads a paper's count, merges in Java and writes it back under the paper lock held exclusively;
        // votes take it shared, so they never interleave with that read-modify-write (between themselves, the
        // atomic increments are enough).
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return papers.changes().changeListed(paperId, PaperChanges.Lock.SHARED, (h, logged) -> {
            int changed = on
                    ? h.createUpdate("INSERT INTO votes (user_id, paper_id, created_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT DO NOTHING").bind(0, userId).bind(1, paperId).bind(2, now).execute()
                    : h.createUpdate("DELETE FROM votes WHERE user_id = ? AND paper_id = ?")
                            .bind(0, userId).bind(1, paperId).execute();
            if (changed != 1) {
                return PaperChanges.Done.unchanged(new Result(upvotes(h, paperId), on));
            }
            int delta = on ? 1 : -1;
            h.createUpdate("UPDATE papers SET upvotes = upvotes + ?, local_upvotes = local_upvotes + ?, "
                            + "updated_at = ? WHERE id = ?")
                    .bind(0, delta).bind(1, delta).bind(2, now).bind(3, paperId).execute();
            return PaperChanges.Done.changed(new Result(upvotes(h, paperId), on), paperId);
        });
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
