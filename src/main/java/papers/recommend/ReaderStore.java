package papers.recommend;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.PaperStore;

/**
 * A reader's private signals: saves (the reading list), picks (first-visit choices and imported library matches),
 * dismissals ("not interested"), mutes and topics. None of them changes a paper, so none is in the change log.
 */
public final class ReaderStore {

    /** What a reader said about a paper. */
    public enum Kind {
        SAVE, PICK, DISMISS;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind fromKey(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** One signal about a paper and when it was given. */
    public record Signal(String paperId, Kind kind, Instant at) { }

    /** Most saves, picks or dismissals one reader keeps of each kind; most mutes and topics. */
    public static final int MAX_PAPERS = 5_000;
    public static final int MAX_TERMS = 200;

    private final Jdbi jdbi;
    private final Clock clock;

    public ReaderStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /**
     * Records the signal; false when it was already there. Throws {@link IllegalArgumentException} when there is no
     * such paper (or it is hidden) and {@link IllegalStateException} when the reader has {@value #MAX_PAPERS}.
     */
    public boolean add(long userId, Kind kind, String paperId) {
        String now = now();
        return jdbi.inTransaction(h -> {
            if (!PaperStore.isListed(h, paperId)) {
                throw new IllegalArgumentException("No paper " + paperId + " here.");
            }
            int count = h.createQuery("SELECT COUNT(*) FROM reader_papers WHERE user_id = ? AND kind = ?")
                    .bind(0, userId).bind(1, kind.key()).mapTo(Integer.class).one();
            if (count >= MAX_PAPERS) {
                throw new IllegalStateException("You have " + MAX_PAPERS + " of these already; remove some first.");
            }
            return h.createUpdate("INSERT INTO reader_papers (user_id, paper_id, kind, created_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .bind(0, userId).bind(1, paperId).bind(2, kind.key()).bind(3, now).execute() == 1;
        });
    }

    /** Removes the signal; false when it was not there. */
    public boolean remove(long userId, Kind kind, String paperId) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM reader_papers WHERE user_id = ? AND kind = ? AND paper_id = ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, paperId).execute()) == 1;
    }

    public boolean has(long userId, Kind kind, String paperId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT 1 FROM reader_papers WHERE user_id = ? AND kind = ? AND paper_id = ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, paperId).mapTo(Integer.class).findOne().isPresent());
    }

    /** Every signal of the reader about papers, newest first. */
    public List<Signal> signals(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paper_id, kind, created_at FROM reader_papers "
                        + "WHERE user_id = ? ORDER BY created_at DESC, paper_id")
                .bind(0, userId)
                .map((rs, ctx) -> new Signal(rs.getString(1), Kind.fromKey(rs.getString(2)),
                        Instant.parse(rs.getString(3))))
                .list());
    }

    /** Paper ids of one kind, newest first, {@code limit} from {@code offset}. */
    public List<String> papers(long userId, Kind kind, int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.paper_id FROM reader_papers r JOIN papers p "
                        + "ON p.id = r.paper_id WHERE r.user_id = ? AND r.kind = ? AND p.hidden_at IS NULL "
                        + "ORDER BY r.created_at DESC, r.paper_id DESC LIMIT ? OFFSET ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, limit).bind(3, offset).mapTo(String.class).list());
    }

    public int count(long userId, Kind kind) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM reader_papers r JOIN papers p "
                        + "ON p.id = r.paper_id WHERE r.user_id = ? AND r.kind = ? AND p.hidden_at IS NULL")
                .bind(0, userId).bind(1, kind.key()).mapTo(Integer.class).one());
    }

    /** Which of these papers carry the signal. */
    public Set<String> among(long userId, Kind kind, Collection<String> paperIds) {
        if (paperIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery("SELECT paper_id FROM reader_papers "
                        + "WHERE user_id = :user AND kind = :kind AND paper_id IN (<ids>)")
                .bind("user", userId).bind("kind", kind.key()).bindList("ids", List.copyOf(paperIds))
                .mapTo(String.class).list()));
    }

    /** The reader's mutes. */
    public Mutes mutes(long userId) {
        Set<String> words = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Set<String> authors = new HashSet<>();
        jdbi.useHandle(h -> h.createQuery("SELECT kind, value FROM reader_mutes WHERE user_id = ?").bind(0, userId)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(m -> (switch (Mutes.Kind.fromKey(m[0])) {
                    case WORD -> words;
                    case CATEGORY -> categories;
                    case AUTHOR -> authors;
                }).add(m[1])));
        return new Mutes(words, categories, authors);
    }

    /** Adds a mute (the value already checked by {@link Mutes#normalize}); false when it was there. */
    public boolean mute(long userId, Mutes.Kind kind, String value) {
        return addTerm("reader_mutes", "kind, value", userId, kind.key(), value);
    }

    public boolean unmute(long userId, Mutes.Kind kind, String value) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM reader_mutes WHERE user_id = ? AND kind = ? AND value = ?")
                .bind(0, userId).bind(1, kind.key()).bind(2, value).execute()) == 1;
    }

    /** The reader's topics, alphabetically. */
    public List<String> topics(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT topic FROM reader_topics WHERE user_id = ? ORDER BY topic")
                .bind(0, userId).mapTo(String.class).list());
    }

    public boolean addTopic(long userId, String topic) {
        return addTerm("reader_topics", "topic", userId, null, topic);
    }

    public boolean removeTopic(long userId, String topic) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM reader_topics WHERE user_id = ? AND topic = ?")
                .bind(0, userId).bind(1, topic).execute()) == 1;
    }

    private boolean addTerm(String table, String columns, long userId, String kind, String value) {
        String now = now();
        return jdbi.inTransaction(h -> {
            int count = h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?").bind(0, userId)
                    .mapTo(Integer.class).one();
            if (count >= MAX_TERMS) {
                throw new IllegalStateException("You have " + MAX_TERMS + " already; remove some first.");
            }
            var insert = h.createUpdate("INSERT INTO " + table + " (user_id, " + columns + ", created_at) VALUES ("
                    + (kind == null ? "?, ?, ?" : "?, ?, ?, ?") + ") ON CONFLICT DO NOTHING").bind(0, userId);
            int i = 1;
            if (kind != null) {
                insert.bind(i++, kind);
            }
            return insert.bind(i++, value).bind(i, now).execute() == 1;
        });
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
