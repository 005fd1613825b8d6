package papers.paper;

import static papers.paper.PaperRows.SELECT_PAPER;
import static papers.paper.PaperRows.VISIBLE;
import static papers.paper.PaperRows.readPaper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The papers, their authors and organizations, in SQLite or PostgreSQL. Imports write through {@link #upsert}
 * ({@link PaperUpsert}: each incoming paper merged into what is stored, the change log appended in the same
 * transaction); everything else changes a paper through {@link #changes()}. The reads (lists of a day, a week or a
 * month, an organization's or an author's papers, the change log) are here; how a paper is a row is
 * {@link PaperRows}'s.
 */
public final class PaperStore {

    /** PostgreSQL advisory lock taken by upserts (exclusive) and votes (shared): see VoteStore. */
    public static final long UPSERT_LOCK = 0x5041504552L; // "PAPER"

    private final Jdbi jdbi;
    private final boolean postgres;
    /** Told after each commit that changed papers (derived state catches up from the change log). */
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The one way to change a paper outside an import (see {@link PaperChanges}). */
    private final PaperChanges changes;
    /** The way an import changes papers. */
    private final PaperUpsert upserts;

    public PaperStore(Database database) {
        this(database, java.time.Clock.systemUTC());
    }

    public PaperStore(Database database, java.time.Clock clock) {
        this.jdbi = database.jdbi();
        this.postgres = database.kind() == Database.Kind.POSTGRESQL;
        this.changes = new PaperChanges(jdbi, postgres, clock, this::changed);
        this.upserts = new PaperUpsert(jdbi, postgres, changes, this::changed);
    }

    /** Votes, comments, submissions, claims, moderation and sources change papers through this. */
    public PaperChanges changes() {
        return changes;
    }

    /** Runs {@code listener} after every committed write that changed papers. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Whether the paper is here and not hidden by an admin: what votes, comments and their lists require. */
    public static boolean isListed(Handle h, String paperId) {
        return h.createQuery("SELECT 1 FROM papers WHERE id = ? AND hidden_at IS NULL").bind(0, paperId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    /** Tells the change listeners that a committed write changed papers. */
    void changed() {
        changeListeners.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Inserts new papers and merges the rest into what is stored (see {@link Paper#mergedWith}), all in one
     * transaction. Papers repeated within the list are merged in order first. The counts add up to
     * {@code papers.size()}.
     */
    public UpsertResult upsert(List<Paper> papers) {
        return upsert(papers, h -> { });
    }

    /**
     * Like {@link #upsert(List)}, and runs {@code alsoInTransaction} in the same transaction after the papers are
     * written: a source stores the watermark its batch reached there, so both commit or neither does.
     */
    public UpsertResult upsert(List<Paper> papers, java.util.function.Consumer<Handle> alsoInTransaction) {
        return upserts.upsert(papers, alsoInTransaction);
    }




    /**
     * Sets GitHub star counts as a source reports them (they may fall, unlike upvotes), with a change-log row per
     * paper whose count changed, in one transaction. Returns how many changed.
     */
    public int updateGithubStars(Map<String, Integer> starsById) {
        if (starsById.isEmpty()) {
            return 0;
        }
        return changes.change(PaperChanges.Lock.EXCLUSIVE, (h, now) -> {
            List<String> changed = new ArrayList<>();
            for (var e : starsById.entrySet()) {
                int rows = h.createUpdate("UPDATE papers SET github_stars = ?, updated_at = ? WHERE id = ? "
                                + "AND (github_stars IS NULL OR github_stars <> ?)")
                        .bind(0, e.getValue()).bind(1, now).bind(2, e.getKey()).bind(3, e.getValue()).execute();
                if (rows > 0) {
                    changed.add(e.getKey());
                }
            }
            return new PaperChanges.Done<>(changed.size(), changed);
        }).orElse(0);
    }

    /**
     * Sets a listed paper's code repository and project page as its submitter or authors edit them; a null keeps
     * what is there. A new repository drops the old one's star count (the stars source fills it again) and is marked
     * added by a member ({@code github_repo_added_by} 'user', as Hugging Face says). Returns
     * whether the paper is listed here (false: nothing changed).
     */
    public boolean setLinks(String id, String githubRepo, String projectPage) {
        return changes.changeListed(id, PaperChanges.Lock.EXCLUSIVE, (h, now) -> {
            var row = h.createQuery("SELECT github_repo, project_page FROM papers WHERE id = ?").bind(0, id)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).one();
            String repo = githubRepo != null ? githubRepo : row[0];
            String page = projectPage != null ? projectPage : row[1];
            if (java.util.Objects.equals(repo, row[0]) && java.util.Objects.equals(page, row[1])) {
                return PaperChanges.Done.unchanged(true);
            }
            boolean sameRepo = java.util.Objects.equals(repo, row[0]);
            // A new repository drops the old one's stars, and a member set it: Hugging Face's word for that is "user".
            h.createUpdate("UPDATE papers SET github_repo = ?, project_page = ?, "
                            + (sameRepo ? "" : "github_stars = NULL, github_repo_added_by = 'user', ")
                            + "updated_at = ? WHERE id = ?")
                    .bind(0, repo).bind(1, page).bind(2, now).bind(3, id).execute();
            return PaperChanges.Done.changed(true, id);
        }).orElse(false);
    }

    /** Listed papers (newest listing first) that carry no arXiv categories yet: what arXiv enrichment fills. */
    public List<String> listedWithoutArxivDetails(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM papers p WHERE listed_on IS NOT NULL "
                        + "AND categories IS NULL AND " + VISIBLE + " ORDER BY listed_on DESC, id LIMIT ?")
                .bind(0, limit).mapTo(String.class).list());
    }

    /** Papers listed on or after {@code since} with a GitHub repository, id and repository URL. */
    public Map<String, String> listedWithGithubRepo(LocalDate since, int limit) {
        Map<String, String> repos = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, github_repo FROM papers p WHERE listed_on >= ? "
                        + "AND github_repo IS NOT NULL AND " + VISIBLE + " ORDER BY listed_on DESC, id LIMIT ?")
                .bind(0, since.toString()).bind(1, limit)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> repos.put(e.getKey(), e.getValue())));
        return repos;
    }












    // ---------------------------------------------------------------- reads

    /** The paper, unless there is none or an admin hid it. */
    public Optional<Paper> find(String id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The stored papers among {@code ids} that are not hidden, keyed by id. */
    public Map<String, Paper> findAll(Collection<String> ids) {
        return jdbi.withHandle(h -> PaperRows.findAll(h, ids, false));
    }

    /** The paper even when hidden, for admins. */
    public Optional<Paper> findIncludingHidden(String id) {
        return Optional.ofNullable(jdbi.withHandle(h -> PaperRows.findAll(h, List.of(id), true)).get(id));
    }

    /** Whether an admin hid this paper (false when there is no such paper). */
    public boolean isHidden(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM papers WHERE id = ? AND hidden_at IS NOT NULL")
                .bind(0, id).mapTo(Integer.class).findOne().isPresent());
    }


    /** The ranking of every list: most upvoted first, then more comments, then newer. */
    private static final String RANKED = " ORDER BY p.upvotes DESC, p.num_comments DESC, p.published_at DESC, p.id DESC";

    /** Papers listed on {@code day}, ranked. */
    public List<Paper> listedOn(LocalDate day, int limit, int offset) {
        return listedBetween(day, day, limit, offset);
    }

    public int countListedOn(LocalDate day) {
        return countListedBetween(day, day);
    }

    /** Papers listed from {@code first} to {@code last} (inclusive), ranked. */
    public List<Paper> listedBetween(LocalDate first, LocalDate last, int limit, int offset) {
        return listed(first, last, null, ListOrder.UPVOTES, limit, offset);
    }

    public int countListedBetween(LocalDate first, LocalDate last) {
        return countListed(first, last, null);
    }

    /** How a list of listed papers is ordered. */
    public enum ListOrder {
        /** Most upvoted first, then more comments, then the newer arXiv submission. */
        UPVOTES(RANKED),
        /** The newest listing day first, within a day the newest arXiv submission. */
        NEWEST(" ORDER BY p.listed_on DESC, p.published_at DESC NULLS LAST, p.id DESC");

        private final String orderBy;

        ListOrder(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /**
     * Papers listed from {@code first} to {@code last} (inclusive), only those put on the feed by {@code submitter}
     * when it is not null, in {@code order}.
     */
    public List<Paper> listed(LocalDate first, LocalDate last, String submitter, ListOrder order, int limit,
                              int offset) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(SELECT_PAPER + " WHERE p.listed_on BETWEEN :first AND :last AND " + VISIBLE
                            + (submitter == null ? "" : " AND p.submitter_name = :who")
                            + order.orderBy + " LIMIT :limit OFFSET :offset")
                    .bind("first", first.toString()).bind("last", last.toString())
                    .bind("limit", limit).bind("offset", offset);
            if (submitter != null) {
                query.bind("who", submitter);
            }
            return query.map((rs, ctx) -> readPaper(rs)).list();
        });
    }

    public int countListed(LocalDate first, LocalDate last, String submitter) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT COUNT(*) FROM papers p WHERE listed_on BETWEEN :first AND :last AND "
                            + VISIBLE
                            + (submitter == null ? "" : " AND submitter_name = :who"))
                    .bind("first", first.toString()).bind("last", last.toString());
            if (submitter != null) {
                query.bind("who", submitter);
            }
            return query.mapTo(Integer.class).one();
        });
    }

    /** The nearest listing day before {@code day} that has papers (weekends and gaps skipped). */
    public Optional<LocalDate> listingDayBefore(LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT MAX(listed_on) FROM papers p WHERE listed_on < ? AND " + VISIBLE)
                .bind(0, day.toString()).mapTo(String.class).findOne().map(LocalDate::parse));
    }

    /** The nearest listing day after {@code day} that has papers. */
    public Optional<LocalDate> listingDayAfter(LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT MIN(listed_on) FROM papers p WHERE listed_on > ? AND " + VISIBLE)
                .bind(0, day.toString()).mapTo(String.class).findOne().map(LocalDate::parse));
    }

    /** Papers listed by a community member, ranked. */
    public List<Paper> submittedBy(String submitter, LocalDate first, LocalDate last, int limit, int offset) {
        return listed(first, last, submitter, ListOrder.UPVOTES, limit, offset);
    }

    public int countSubmittedBy(String submitter, LocalDate first, LocalDate last) {
        return countListed(first, last, submitter);
    }

    /** Papers of an organization (by its short name), newest first. */
    public List<Paper> byOrganization(String name, int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_PAPER + " WHERE o.name = :name AND " + VISIBLE
                        + " ORDER BY p.published_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
                .bind("name", name).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> readPaper(rs)).list());
    }

    public int countByOrganization(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM papers p JOIN organizations o ON o.id = p.organization_id
                        WHERE o.name = ? AND p.hidden_at IS NULL""")
                .bind(0, name).mapTo(Integer.class).one());
    }

    /** Papers an author is listed on, newest first. */
    public List<Paper> byAuthor(String name, int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_PAPER
                        + " JOIN paper_authors pa ON pa.paper_id = p.id WHERE pa.author_name = :name AND " + VISIBLE
                        + " ORDER BY p.published_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
                .bind("name", name).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> readPaper(rs)).list());
    }

    public int countByAuthor(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM paper_authors pa "
                        + "JOIN papers p ON p.id = pa.paper_id WHERE pa.author_name = ? AND " + VISIBLE)
                .bind(0, name).mapTo(Integer.class).one());
    }

    public Optional<LocalDate> newestListingDay() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(listed_on) FROM papers p WHERE " + VISIBLE)
                .mapTo(String.class).findOne().map(LocalDate::parse));
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers").mapTo(Long.class).one());
    }

    /** The sequence number of the newest change, 0 when nothing has changed yet. */
    public long lastChange() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM paper_changes")
                .mapTo(Long.class).one());
    }

    public Optional<Organization> organization(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, full_name, avatar FROM organizations WHERE name = ?")
                .bind(0, name)
                .map((rs, ctx) -> new Organization(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    /** A gap-safe reader of the change log after {@code from} (see {@link ChangeLogReader}). */
    public ChangeLogReader changeReader(long from, java.time.Clock clock) {
        return new ChangeLogReader(jdbi, from, clock);
    }

    /** Up to {@code limit} change-log entries after {@code seq}, oldest first (a paper may appear more than once). */
    public List<PaperChange> changesSince(long seq, int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT seq, paper_id FROM paper_changes WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", seq)
                .bind("limit", limit)
                .map((rs, ctx) -> new PaperChange(rs.getLong(1), rs.getString(2)))
                .list());
    }

    /**
     * Calls {@code action} with every stored paper not hidden, in id order, streaming (the store may not fit in
     * memory).
     * Reads in pages by id, so no cursor stays open across the callbacks.
     */
    public void forEachPaper(java.util.function.Consumer<Paper> action) {
        String after = "";
        while (true) {
            String from = after;
            List<Paper> page = jdbi.withHandle(h -> h.createQuery(
                            SELECT_PAPER + " WHERE p.id > :after AND " + VISIBLE + " ORDER BY p.id LIMIT 1000")
                    .bind("after", from)
                    .map((rs, ctx) -> readPaper(rs))
                    .list());
            page.forEach(action);
            if (page.size() < 1000) {
                return;
            }
            after = page.getLast().id();
        }
    }

    public long countAuthors() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM authors").mapTo(Long.class).one());
    }




    // ---------------------------------------------------------------- JSON columns





}
