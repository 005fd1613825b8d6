package papers.community;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.PaperChanges;
import papers.paper.PaperStore;

/**
 * Comments on papers, one level of replies. Adding or deleting one changes {@code papers.num_comments} in the same
 * transaction and appends to the paper change log, like votes (see {@link VoteStore}).
 */
public final class CommentStore {

    public static final int MAX_LENGTH = 10_000;

    private final Jdbi jdbi;
    private final PaperStore papers;
    private final Clock clock;

    public CommentStore(Database database, PaperStore papers, Clock clock) {
        this.papers = papers;
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String checkText(String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new AccountException("A comment needs some text.");
        }
        if (body.length() > MAX_LENGTH) {
            throw new AccountException("A comment may have at most " + MAX_LENGTH + " characters.");
        }
        return body;
    }

    /** Adds a comment (a reply when {@code parentId} is set); empty when there is no such paper. */
    public Optional<Comment> add(long userId, String paperId, String text, Long parentId) {
        String body = checkText(text);
        String now = now();
        // no paper, or hidden by an admin: empty
        Optional<Long> id = papers.changes().changeListed(paperId, PaperChanges.Lock.SHARED, (h, logged) -> {
            if (parentId != null) {
                boolean parentOk = h.createQuery("SELECT 1 FROM comments WHERE id = ? AND paper_id = ? "
                                + "AND parent_id IS NULL AND deleted_at IS NULL AND hidden_at IS NULL")
                        .bind(0, parentId).bind(1, paperId).mapTo(Integer.class).findOne().isPresent();
                if (!parentOk) {
                    throw new AccountException("You can reply only to a live top-level comment of this paper.");
                }
            }
            long newId = h.createQuery("INSERT INTO comments (paper_id, user_id, parent_id, body, created_at) "
                            + "VALUES (?, ?, ?, ?, ?) RETURNING id") // both databases support RETURNING
                    .bind(0, paperId).bind(1, userId).bind(2, parentId).bind(3, body).bind(4, now)
                    .mapTo(Long.class).one();
            countChange(h, paperId, 1, now);
            return PaperChanges.Done.changed(newId, paperId);
        });
        return id.flatMap(this::find);
    }

    /** Edits the user's own live comment; false when it is not theirs or gone. */
    public boolean edit(long userId, long commentId, String text) {
        String body = checkText(text);
        String now = now();
        return papers.changes().change(PaperChanges.Lock.SHARED, (h, logged) -> {
            Optional<String> paper = ownLive(h, userId, commentId);
            if (paper.isEmpty()) {
                return PaperChanges.Done.unchanged(false);
            }
            h.createUpdate("UPDATE comments SET body = ?, edited_at = ? WHERE id = ?")
                    .bind(0, body).bind(1, now).bind(2, commentId).execute();
            return PaperChanges.Done.changed(true, paper.get());
        }).orElseThrow();
    }

    /** Deletes the user's own live comment (its text goes; replies stay); false when not theirs or gone. */
    public boolean delete(long userId, long commentId) {
        String now = now();
        return papers.changes().change(PaperChanges.Lock.SHARED, (h, logged) -> {
            Optional<String> paper = ownLive(h, userId, commentId);
            if (paper.isEmpty()) {
                return PaperChanges.Done.unchanged(false);
            }
            h.createUpdate("UPDATE comments SET body = '', deleted_at = ? WHERE id = ?")
                    .bind(0, now).bind(1, commentId).execute();
            countChange(h, paper.get(), -1, now);
            return PaperChanges.Done.changed(true, paper.get());
        }).orElseThrow();
    }

    /** An admin hides a live comment (its text is no longer shown); logged in audit_log. False when not live. */
    public boolean hide(long adminId, long commentId) {
        String now = now();
        return papers.changes().change(PaperChanges.Lock.SHARED, (h, logged) -> {
            Optional<String> paper = h.createQuery("SELECT paper_id FROM comments WHERE id = ? "
                            + "AND deleted_at IS NULL AND hidden_at IS NULL")
                    .bind(0, commentId).mapTo(String.class).findOne();
            if (paper.isEmpty()) {
                return PaperChanges.Done.unchanged(false);
            }
            h.createUpdate("UPDATE comments SET hidden_at = ? WHERE id = ?").bind(0, now).bind(1, commentId).execute();
            countChange(h, paper.get(), -1, now);
            h.createUpdate("INSERT INTO audit_log (actor_id, action, target, detail, created_at) "
                            + "VALUES (?, 'hide-comment', ?, ?, ?)")
                    .bind(0, adminId).bind(1, "comment:" + commentId).bind(2, "paper:" + paper.get()).bind(3, now)
                    .execute();
            return PaperChanges.Done.changed(true, paper.get());
        }).orElseThrow();
    }

    private static Optional<String> ownLive(Handle h, long userId, long commentId) {
        return h.createQuery("SELECT paper_id FROM comments WHERE id = ? AND user_id = ? AND deleted_at IS NULL "
                        + "AND hidden_at IS NULL")
                .bind(0, commentId).bind(1, userId).mapTo(String.class).findOne();
    }

    private static void countChange(Handle h, String paperId, int delta, String now) {
        h.createUpdate("UPDATE papers SET num_comments = num_comments + ?, updated_at = ? WHERE id = ?")
                .bind(0, delta).bind(1, now).bind(2, paperId).execute();
    }

    public Optional<Comment> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE c.id = ?").bind(0, id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    private static final String SELECT = "SELECT c.id, c.paper_id, c.parent_id, u.username, c.body, c.created_at, "
            + "c.edited_at, c.deleted_at, c.hidden_at FROM comments c JOIN users u ON u.id = c.user_id";

    /** Whether the paper is here and not hidden by an admin (its comments are shown only then). */
    public boolean paperListed(String paperId) {
        return jdbi.withHandle(h -> PaperStore.isListed(h, paperId));
    }

    /** The paper's comments, oldest first, each top-level one with its replies; deleted ones without replies left out. */
    public List<Comment> forPaper(String paperId) {
        List<Comment> rows = jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE c.paper_id = ? ORDER BY c.id")
                .bind(0, paperId).map((rs, ctx) -> row(rs)).list());
        Map<Long, List<Comment>> replies = new LinkedHashMap<>();
        for (Comment c : rows) {
            if (c.parentId() != null && !c.deleted()) {
                replies.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Comment> top = new ArrayList<>();
        for (Comment c : rows) {
            if (c.parentId() == null) {
                List<Comment> r = replies.getOrDefault(c.id(), List.of());
                if (!c.deleted() || !r.isEmpty()) {
                    top.add(new Comment(c.id(), c.paperId(), null, c.username(), c.body(), c.html(), c.createdAt(),
                            c.editedAt(), c.deleted(), List.copyOf(r)));
                }
            }
        }
        return top;
    }

    private static Comment row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long parent = rs.getLong("parent_id");
        Long parentId = rs.wasNull() ? null : parent;
        // A comment hidden by an admin reads like a deleted one: its text is gone from every page and answer.
        boolean deleted = rs.getString("deleted_at") != null || rs.getString("hidden_at") != null;
        String body = deleted ? "" : rs.getString("body");
        String edited = rs.getString("edited_at");
        return new Comment(rs.getLong("id"), rs.getString("paper_id"), parentId, rs.getString("username"), body,
                deleted ? "" : Markdown.toHtml(body), Instant.parse(rs.getString("created_at")),
                edited == null ? null : Instant.parse(edited), deleted, List.of());
    }
}
