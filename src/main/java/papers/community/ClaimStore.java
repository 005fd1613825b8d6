package papers.community;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperChanges;
import papers.paper.PaperStore;

/**
 * Authorship claims. A user claims one author entry of a paper; an admin approves or rejects it (logged in
 * audit_log in the same transaction). The rules live in the schema too (V5): one claim per user and paper whatever
 * its fate, one pending or approved claim per author entry. An approval or revocation appends to the paper change
 * log, so the cached paper page shows or drops the author's badge at once.
 */
public final class ClaimStore {

    private static final String SELECT_CLAIM = "SELECT c.id, c.paper_id, c.author_position, c.author_name, "
            + "c.user_id, u.username, c.status, c.created_at, c.decided_at FROM author_claims c "
            + "JOIN users u ON u.id = c.user_id ";

    private final Jdbi jdbi;
    private final PaperStore papers;
    private final Clock clock;

    public ClaimStore(Database database, PaperStore papers, Clock clock) {
        this.jdbi = database.jdbi();
        this.papers = papers;
        this.clock = clock;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Claims the author entry at {@code position} of the paper for the user, pending an admin's review; empty when
     * there is no such paper.
     *
     * @throws AccountException when the position is not one of the paper's authors, the user already claimed an
     *                          entry of this paper, or someone's claim on this entry is pending or approved
     */
    public Optional<Claim> claim(long userId, String paperId, int position) {
        Optional<Paper> paper = papers.find(paperId);
        if (paper.isEmpty()) {
            return Optional.empty();
        }
        List<Author> authors = paper.get().authors();
        if (position < 0 || position >= authors.size()) {
            throw new AccountException("This paper has no author number " + (position + 1) + ".");
        }
        String name = authors.get(position).name();
        String now = now();
        long id;
        try {
            id = jdbi.inTransaction(h -> {
                refuseDuplicates(h, userId, paperId, position);
                return h.createQuery("INSERT INTO author_claims (paper_id, author_position, author_name, user_id, "
                                + "status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id")
                        .bind(0, paperId).bind(1, position).bind(2, name).bind(3, userId).bind(4, now)
                        .mapTo(Long.class).one();
            });
        } catch (RuntimeException e) {
            if (e instanceof AccountException) {
                throw e;
            }
            // Lost a race (PostgreSQL): a unique index refused the row; say which rule, as the checks would have.
            jdbi.useHandle(h -> refuseDuplicates(h, userId, paperId, position));
            throw e;
        }
        return find(id);
    }

    private static void refuseDuplicates(Handle h, long userId, String paperId, int position) {
        Optional<String> mine = h.createQuery("SELECT status FROM author_claims WHERE paper_id = ? AND user_id = ?")
                .bind(0, paperId).bind(1, userId).mapTo(String.class).findOne();
        if (mine.isPresent()) {
            throw new AccountException(mine.get().equals("rejected")
                    ? "An admin rejected your claim on this paper; a user claims a paper once."
                    : "You have already claimed an author entry of this paper (" + mine.get() + ").");
        }
        Optional<String> taken = h.createQuery("SELECT status FROM author_claims WHERE paper_id = ? "
                        + "AND author_position = ? AND status <> 'rejected'")
                .bind(0, paperId).bind(1, position).mapTo(String.class).findOne();
        if (taken.isPresent()) {
            throw new AccountException(taken.get().equals("approved")
                    ? "This author entry is already claimed by a verified account."
                    : "Someone else has claimed this author entry; an admin is reviewing it.");
        }
    }

    public Optional<Claim> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_CLAIM + "WHERE c.id = ?").bind(0, id)
                .map((rs, ctx) -> claim(rs)).findOne());
    }

    /** Claims in this state, oldest first for pending ones (the review queue), newest decision first otherwise. */
    public List<Claim> withStatus(Claim.Status status, int limit) {
        String order = status == Claim.Status.PENDING ? " ORDER BY c.id" : " ORDER BY c.decided_at DESC, c.id DESC";
        return jdbi.withHandle(h -> h.createQuery(SELECT_CLAIM + "WHERE c.status = ?" + order + " LIMIT ?")
                .bind(0, status.key()).bind(1, limit).map((rs, ctx) -> claim(rs)).list());
    }

    /** Approves a pending claim; false when there is no pending claim with this id. */
    public boolean approve(long claimId, long adminId) {
        return decide(claimId, adminId, Claim.Status.APPROVED, "'pending'");
    }

    /** Rejects a pending claim or revokes an approved one; false when there is no such live claim. */
    public boolean reject(long claimId, long adminId) {
        return decide(claimId, adminId, Claim.Status.REJECTED, "'pending', 'approved'");
    }

    private boolean decide(long claimId, long adminId, Claim.Status to, String from) {
        String now = now();
        Optional<Claim> before = find(claimId);
        if (before.isEmpty()) {
            return false;
        }
        Claim c = before.get();
        return papers.changes().change(PaperChanges.Lock.SHARED, (h, ignored) -> {
            int changed = h.createUpdate("UPDATE author_claims SET status = ?, decided_at = ?, decided_by = ? "
                            + "WHERE id = ? AND status IN (" + from + ")")
                    .bind(0, to.key()).bind(1, now).bind(2, adminId).bind(3, claimId).execute();
            if (changed == 0) {
                return PaperChanges.Done.unchanged(false);
            }
            String action = to == Claim.Status.APPROVED ? "claim-approve"
                    : c.status() == Claim.Status.APPROVED ? "claim-revoke" : "claim-reject";
            AccountStore.audit(h, adminId, action, "paper:" + c.paperId(),
                    c.username() + " as author " + (c.authorPosition() + 1) + " " + c.authorName(), now);
            return to == Claim.Status.APPROVED || c.status() == Claim.Status.APPROVED
                    ? PaperChanges.Done.changed(true, c.paperId()) // the badge appears or goes
                    : PaperChanges.Done.changed(true);
        }).orElseThrow();
    }

    /** The approved claims on a paper whose users are not banned, in author order (the paper page's badges). */
    public List<Claim> approvedFor(String paperId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_CLAIM + "WHERE c.paper_id = ? AND c.status = 'approved' "
                        + "AND u.banned_at IS NULL ORDER BY c.author_position")
                .bind(0, paperId).map((rs, ctx) -> claim(rs)).list());
    }

    /** The ids of the papers the user is an approved author of, newest arXiv submission first. */
    public List<String> papersOf(long userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT c.paper_id FROM author_claims c "
                        + "JOIN papers p ON p.id = c.paper_id WHERE c.user_id = ? AND c.status = 'approved' "
                        + "ORDER BY p.published_at DESC NULLS LAST, p.id DESC LIMIT ?")
                .bind(0, userId).bind(1, limit).mapTo(String.class).list());
    }

    private static Claim claim(ResultSet rs) throws SQLException {
        String decided = rs.getString("decided_at");
        return new Claim(rs.getLong("id"), rs.getString("paper_id"), rs.getInt("author_position"),
                rs.getString("author_name"), rs.getLong("user_id"), rs.getString("username"),
                Claim.Status.fromKey(rs.getString("status")), Instant.parse(rs.getString("created_at")),
                decided == null ? null : Instant.parse(decided));
    }
}
