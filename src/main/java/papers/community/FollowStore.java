package papers.community;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * Who follows which authors and organizations, and the feed of papers that makes. A follow names its target as the
 * author and organization pages do, so the feed holds exactly the papers those pages list: an author's papers by
 * {@code paper_authors.author_name}, an organization's by {@code organizations.name}.
 */
public final class FollowStore {

    /** Following more than this is refused: it keeps the feed query bounded. */
    public static final int MAX_FOLLOWS = 500;
    /** Longer targets cannot be an author name or organization anyone follows; refused before any query. */
    static final int MAX_TARGET = 500;

    /** Thrown by {@link #follow} when no paper has this author or organization. */
    public static final class UnknownTarget extends RuntimeException {
        UnknownTarget(String message) {
            super(message);
        }
    }

    /**
     * The papers the user follows (an author's papers, an organization's papers) as (id, published_at), a paper once
     * however many of its authors are followed. Each branch is index lookups: follows by its primary key,
     * paper_authors by author then papers by id, papers by organization; only the followed papers are sorted.
     */
    private static final String FOLLOWED_PAPERS = """
            SELECT p.id, p.published_at FROM follows f JOIN paper_authors pa ON pa.author_name = f.target
            JOIN papers p ON p.id = pa.paper_id
            WHERE f.user_id = :user AND f.kind = 'author' AND p.hidden_at IS NULL
            UNION
            SELECT p.id, p.published_at FROM follows f JOIN organizations o ON o.name = f.target
            JOIN papers p ON p.organization_id = o.id
            WHERE f.user_id = :user AND f.kind = 'organization' AND p.hidden_at IS NULL""";

    private final Jdbi jdbi;
    private final Clock clock;
    private final PaperStore papers;

    public FollowStore(Database database, Clock clock) {
        this(database, new PaperStore(database), clock);
    }

    /** With the application's paper store, whose mapping the feed reuses. */
    public FollowStore(Database database, PaperStore papers, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.papers = papers;
    }

    /**
     * Follows an author or organization; false when the user already did.
     *
     * @throws UnknownTarget when no paper has that author or organization (the page would be a 404 too)
     * @throws AccountException when the user already follows {@value #MAX_FOLLOWS}
     */
    public boolean follow(long userId, Follow.Kind kind, String target) {
        Objects.requireNonNull(kind, "kind");
        if (!exists(kind, target)) {
            throw new UnknownTarget(switch (kind) {
                case AUTHOR -> "No papers by an author called '" + target + "' here.";
                case ORGANIZATION -> "No papers from an organization called '" + target + "' here.";
            });
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return jdbi.inTransaction(h -> {
            if (follows(h, userId, kind, target)) {
                return false;
            }
            int count = h.createQuery("SELECT COUNT(*) FROM follows WHERE user_id = ?").bind(0, userId)
                    .mapTo(Integer.class).one();
            if (count >= MAX_FOLLOWS) {
                throw new AccountException("You follow " + MAX_FOLLOWS
                        + " authors and organizations, the most allowed; unfollow some first.");
            }
            return h.createUpdate("INSERT INTO follows (user_id, kind, target, created_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .bind(0, userId).bind(1, kind.key()).bind(2, target).bind(3, now).execute() == 1;
        });
    }

    /** Stops following; false when the user did not follow it. Works for targets that no longer have papers. */
    public boolean unfollow(long userId, Follow.Kind kind, String target) {
        Objects.requireNonNull(kind, "kind");
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM follows WHERE user_id = ? AND kind = ? AND target = ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, String.valueOf(target)).execute()) == 1;
    }

    /** What the user follows: authors first, then organizations, each alphabetically. */
    public List<Follow> following(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT kind, target, created_at FROM follows WHERE user_id = ? "
                        + "ORDER BY kind, target")
                .bind(0, userId)
                .map((rs, ctx) -> new Follow(Follow.Kind.fromKey(rs.getString(1)), rs.getString(2),
                        Instant.parse(rs.getString(3))))
                .list());
    }

    public boolean follows(long userId, Follow.Kind kind, String target) {
        return jdbi.withHandle(h -> follows(h, userId, kind, target));
    }

    /**
     * The papers of what the user follows, newest arXiv submission first (as the author and organization pages
     * order them), {@code limit} from {@code offset}.
     */
    public List<Paper> feedFor(long userId, int limit, int offset) {
        List<String> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM (" + FOLLOWED_PAPERS + ") followed "
                        + "ORDER BY published_at DESC NULLS LAST, id DESC LIMIT :limit OFFSET :offset")
                .bind("user", userId).bind("limit", limit).bind("offset", offset)
                .mapTo(String.class).list());
        Map<String, Paper> byId = papers.findAll(ids);
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** How many papers {@link #feedFor} has in all. */
    public int countFeed(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (" + FOLLOWED_PAPERS + ") followed")
                .bind("user", userId).mapTo(Integer.class).one());
    }

    /** Whether any paper has this author or organization, as its page would list. */
    public boolean exists(Follow.Kind kind, String target) {
        if (target == null || target.isEmpty() || target.length() > MAX_TARGET) {
            return false;
        }
        String sql = switch (kind) {
            case AUTHOR -> "SELECT 1 FROM paper_authors WHERE author_name = ? LIMIT 1";
            case ORGANIZATION -> "SELECT 1 FROM papers p JOIN organizations o ON o.id = p.organization_id "
                    + "WHERE o.name = ? LIMIT 1";
        };
        return jdbi.withHandle(h -> h.createQuery(sql).bind(0, target).mapTo(Integer.class).findOne().isPresent());
    }

    private static boolean follows(Handle h, long userId, Follow.Kind kind, String target) {
        return h.createQuery("SELECT 1 FROM follows WHERE user_id = ? AND kind = ? AND target = ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, String.valueOf(target))
                .mapTo(Integer.class).findOne().isPresent();
    }
}
