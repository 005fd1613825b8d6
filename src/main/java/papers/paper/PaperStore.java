package papers.paper;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The papers, their authors and organizations, in SQLite or PostgreSQL. Writes go through {@link #upsert}, which
 * merges each incoming paper into what is stored and appends to the change log in the same transaction.
 * Bulk writes use plain JDBC batches (and PostgreSQL arrays): imports are the hot path.
 */
public final class PaperStore {

    /** Rows fetched per IN (...) list: far below SQLite's and PostgreSQL's parameter limits. */
    private static final int IN_CHUNK = 500;
    private static final int KNOWN_AUTHORS_LIMIT = 1_000_000;
    /** PostgreSQL advisory lock taken by upserts (exclusive) and votes (shared): see VoteStore. */
    public static final long UPSERT_LOCK = 0x5041504552L; // "PAPER"
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private static final String SELECT_PAPER = """
            SELECT p.*, o.name AS org_name, o.full_name AS org_full_name, o.avatar AS org_avatar
            FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
            """;
    private static final String PAPER_COLUMNS = "version, title, abstract, authors, published_at, listed_on, "
            + "organization_id, upvotes, num_comments, github_repo, github_stars, project_page, ai_summary, "
            + "ai_keywords, submitter_name, submitter_fullname, submitter_avatar, thumbnail, discussion_id, "
            + "categories, comments, journal_ref, doi, media_urls, ai_summary_model, submitter_org_name, "
            + "submitter_org_fullname, submitter_org_avatar, github_repo_added_by, updated_at";

    private final Jdbi jdbi;
    private final boolean postgres;
    /** PostgreSQL 14+ built with lz4 compresses long values far faster than its default (pglz). */
    private final boolean lz4;
    /** Told after each commit that changed papers (derived state catches up from the change log). */
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Author names known to be stored (authors are never deleted), so imports skip re-inserting them. */
    private final Set<String> knownAuthors = ConcurrentHashMap.newKeySet();

    /** The one way to change a paper outside an import (see {@link PaperChanges}). */
    private final PaperChanges changes;

    public PaperStore(Database database) {
        this(database, java.time.Clock.systemUTC());
    }

    public PaperStore(Database database, java.time.Clock clock) {
        this.jdbi = database.jdbi();
        this.postgres = database.kind() == Database.Kind.POSTGRESQL;
        this.changes = new PaperChanges(jdbi, postgres, clock, this::changed);
        this.lz4 = postgres && jdbi.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)""").mapTo(Integer.class).one() > 0);
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
        if (papers.isEmpty()) {
            jdbi.useTransaction(alsoInTransaction::accept);
            return UpsertResult.NONE;
        }
        // Repeats within the batch are merged first; each repeat counts as one record that updated or did not
        // change the paper, so the counts always add up to the records given.
        Map<String, Paper> incoming = new LinkedHashMap<>();
        int repeatsChanging = 0;
        int repeatsSame = 0;
        for (Paper p : papers) {
            Paper earlier = incoming.get(p.id());
            if (earlier == null) {
                incoming.put(p.id(), p);
            } else {
                Paper merged = earlier.mergedWith(p);
                if (merged.equals(earlier)) {
                    repeatsSame++;
                } else {
                    repeatsChanging++;
                }
                incoming.put(p.id(), merged);
            }
        }
        Set<String> newAuthors = new LinkedHashSet<>();
        UpsertResult result;
        try {
            result = jdbi.inTransaction(h -> {
                UpsertResult r = upsertInTransaction(h, incoming, newAuthors);
                alsoInTransaction.accept(h);
                return r;
            });
        } catch (SQLException e) {
            throw new StoreException("could not save papers: " + e.getMessage(), e);
        }
        if (knownAuthors.size() + newAuthors.size() > KNOWN_AUTHORS_LIMIT) {
            knownAuthors.clear();
        }
        knownAuthors.addAll(newAuthors); // only after commit: a rolled-back insert must not count as stored
        if (result.created() + result.updated() > 0) {
            changed();
        }
        return result.plus(new UpsertResult(0, repeatsChanging, repeatsSame));
    }

    private UpsertResult upsertInTransaction(Handle h, Map<String, Paper> incoming, Set<String> newAuthors)
            throws SQLException {
        // An upsert reads, merges in Java, then writes: serialise upserts so two importers (or nodes) cannot both
        // insert the same new paper. SQLite's IMMEDIATE transactions already do this.
        changes.lock(h, PaperChanges.Lock.EXCLUSIVE);
        if (postgres) {
            if (lz4) {
                h.execute("SET LOCAL default_toast_compression = 'lz4'");
            }
        }
        Map<String, Paper> existing = findAll(h, incoming.keySet());
        localVotesOnTop(h, incoming, existing.keySet());
        // Organizations are records of their own: a paper changes when its organization does, not when the
        // organization's avatar or full name does (those are saved once per organization, below).
        Map<String, Organization> storedOrgs = organizationsByName(h, incoming.values());
        List<Paper> inserts = new ArrayList<>();
        List<Paper> updates = new ArrayList<>();
        for (Paper p : incoming.values()) {
            Paper stored = existing.get(p.id());
            if (stored == null) {
                inserts.add(p);
                continue;
            }
            Paper merged = stored.mergedWith(p);
            if (merged.organization() != null && stored.organization() != null
                    && merged.organization().name().equals(stored.organization().name())) {
                merged = merged.withOrganization(stored.organization());
            }
            if (!merged.equals(stored)) {
                updates.add(merged);
            }
        }
        saveOrganizations(h, incoming.values(), storedOrgs);
        List<Paper> changed = new ArrayList<>(inserts);
        changed.addAll(updates);
        if (!changed.isEmpty()) {
            Connection c = h.getConnection();
            Map<String, Long> orgIds = organizationIds(h, changed);
            newAuthors.addAll(saveAuthors(c, changed));
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            writePapers(c, inserts, orgIds, now, true);
            writePapers(c, updates, orgIds, now, false);
            relinkAuthors(c, inserts, updates, existing);
            deleteStaleEmbeddings(c, updates, existing);
            try (PreparedStatement log = c.prepareStatement(
                    "INSERT INTO paper_changes (paper_id, changed_at) VALUES (?, ?)")) {
                for (Paper p : changed) {
                    log.setString(1, p.id());
                    log.setString(2, now);
                    log.addBatch();
                }
                log.executeBatch();
            }
        }
        return new UpsertResult(inserts.size(), updates.size(), incoming.size() - changed.size());
    }

    /**
     * The stored count is the source's count plus this hub's own votes: an incoming source count gets the local
     * votes added before the merge (which keeps the larger), so a source's rise shows and local votes stay on top.
     */
    private static void localVotesOnTop(Handle h, Map<String, Paper> incoming, Set<String> stored) {
        if (stored.isEmpty()) {
            return;
        }
        for (List<String> chunk : chunks(stored)) {
            h.createQuery("SELECT id, local_upvotes FROM papers WHERE id IN (<ids>) AND local_upvotes > 0")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(e -> incoming.computeIfPresent(e.getKey(), (id, p) -> p.upvotes() == 0 ? p
                            : p.withCommunity(p.organization(), p.upvotes() + e.getValue(), p.numComments(),
                                    p.discussionId(), p.thumbnail())));
        }
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

    /** An embedding describes title and abstract: when either changes, it goes (the worker embeds the new text). */
    private static void deleteStaleEmbeddings(Connection c, List<Paper> updates, Map<String, Paper> existing)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM paper_embeddings WHERE paper_id = ?")) {
            int n = 0;
            for (Paper p : updates) {
                Paper old = existing.get(p.id());
                if (!p.title().equals(old.title()) || !p.abstractText().equals(old.abstractText())) {
                    delete.setString(1, p.id());
                    delete.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                delete.executeBatch();
            }
        }
    }

    private static Map<String, Organization> organizationsByName(Handle h, Collection<Paper> papers) {
        Map<String, Organization> found = new HashMap<>();
        for (List<String> chunk : chunks(organizationNames(papers))) {
            h.createQuery("SELECT name, full_name, avatar FROM organizations WHERE name IN (<names>)")
                    .bindList("names", chunk)
                    .map((rs, ctx) -> new Organization(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .forEach(o -> found.put(o.name(), o));
        }
        return found;
    }

    /** Inserts new organizations and updates changed ones (the last record of the batch wins). */
    private static void saveOrganizations(Handle h, Collection<Paper> papers, Map<String, Organization> stored)
            throws SQLException {
        Map<String, Organization> latest = new LinkedHashMap<>();
        for (Paper p : papers) {
            if (p.organization() != null) {
                latest.put(p.organization().name(), p.organization());
            }
        }
        try (PreparedStatement upsert = h.getConnection().prepareStatement("""
                INSERT INTO organizations (name, full_name, avatar) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET full_name = excluded.full_name, avatar = excluded.avatar""")) {
            int rows = 0;
            for (Organization o : latest.values()) {
                if (!o.equals(stored.get(o.name()))) {
                    upsert.setString(1, o.name());
                    upsert.setString(2, o.fullName());
                    upsert.setString(3, o.avatar());
                    upsert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                upsert.executeBatch();
            }
        }
    }

    private static Map<String, Long> organizationIds(Handle h, List<Paper> papers) {
        Map<String, Long> ids = new HashMap<>();
        for (List<String> chunk : chunks(organizationNames(papers))) {
            h.createQuery("SELECT id, name FROM organizations WHERE name IN (<names>)")
                    .bindList("names", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
                    .forEach(e -> ids.put(e.getKey(), e.getValue()));
        }
        return ids;
    }

    private static Set<String> organizationNames(Collection<Paper> papers) {
        Set<String> names = new LinkedHashSet<>();
        for (Paper p : papers) {
            if (p.organization() != null) {
                names.add(p.organization().name());
            }
        }
        return names;
    }

    /** Inserts the author names not known to be stored; returns them. */
    private Set<String> saveAuthors(Connection c, List<Paper> papers) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (Paper p : papers) {
            for (Author a : p.authors()) {
                if (!knownAuthors.contains(a.name())) {
                    names.add(a.name());
                }
            }
        }
        if (names.isEmpty()) {
            return names;
        }
        if (postgres) { // one round trip for the whole batch
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO authors (name) SELECT unnest(?::text[]) ON CONFLICT (name) DO NOTHING")) {
                insert.setArray(1, c.createArrayOf("text", names.toArray()));
                insert.executeUpdate();
            }
        } else {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO authors (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                for (String name : names) {
                    insert.setString(1, name);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return names;
    }

    /** Keeps paper_authors equal to each written paper's author names, touching only the pairs that changed. */
    private void relinkAuthors(Connection c, List<Paper> inserts, List<Paper> updates, Map<String, Paper> before)
            throws SQLException {
        List<String[]> added = new ArrayList<>();
        List<String[]> removed = new ArrayList<>();
        for (Paper p : inserts) {
            for (String name : authorNames(p)) {
                added.add(new String[] {name, p.id()});
            }
        }
        for (Paper p : updates) {
            Set<String> now = authorNames(p);
            Set<String> was = authorNames(before.get(p.id()));
            for (String name : now) {
                if (!was.contains(name)) {
                    added.add(new String[] {name, p.id()});
                }
            }
            for (String name : was) {
                if (!now.contains(name)) {
                    removed.add(new String[] {name, p.id()});
                }
            }
        }
        if (!removed.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM paper_authors WHERE author_name = ? AND paper_id = ?")) {
                for (String[] pair : removed) {
                    delete.setString(1, pair[0]);
                    delete.setString(2, pair[1]);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        if (added.isEmpty()) {
            return;
        }
        added.sort((a, b) -> a[0].compareTo(b[0])); // B-tree inserts in key order touch far fewer pages
        if (postgres && updates.isEmpty()) { // only new papers: no pair can exist yet, so COPY is safe
            PostgresCopy.copy(c, "paper_authors (author_name, paper_id)", new ArrayList<Object[]>(added));
        } else if (postgres) {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO paper_authors (author_name, paper_id) SELECT * FROM unnest(?::text[], ?::text[])
                    ON CONFLICT DO NOTHING""")) {
                insert.setArray(1, c.createArrayOf("text", added.stream().map(a -> a[0]).toArray()));
                insert.setArray(2, c.createArrayOf("text", added.stream().map(a -> a[1]).toArray()));
                insert.executeUpdate();
            }
        } else {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO paper_authors (author_name, paper_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (String[] pair : added) {
                    insert.setString(1, pair[0]);
                    insert.setString(2, pair[1]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static Set<String> authorNames(Paper p) {
        Set<String> names = new LinkedHashSet<>();
        for (Author a : p.authors()) {
            names.add(a.name());
        }
        return names;
    }

    private void writePapers(Connection c, List<Paper> papers, Map<String, Long> orgIds, String now,
                             boolean insert) throws SQLException {
        if (papers.isEmpty()) {
            return;
        }
        String[] columns = PAPER_COLUMNS.split(", ");
        if (insert && postgres) { // COPY: several times faster than batched INSERTs for new rows
            List<Object[]> rows = new ArrayList<>(papers.size());
            for (Paper p : papers) {
                Object[] row = Arrays.copyOf(paperRow(p, orgIds, now), columns.length + 2);
                row[columns.length + 1] = now; // created_at
                rows.add(row);
            }
            PostgresCopy.copy(c, "papers (" + PAPER_COLUMNS + ", id, created_at)", rows);
            return;
        }
        String sql = insert
                ? "INSERT INTO papers (" + PAPER_COLUMNS + ", id, created_at) VALUES ("
                        + "?, ".repeat(columns.length + 1) + "?)"
                : "UPDATE papers SET " + String.join(" = ?, ", columns) + " = ? WHERE id = ?";
        try (PreparedStatement batch = c.prepareStatement(sql)) {
            for (Paper p : papers) {
                Object[] row = paperRow(p, orgIds, now);
                for (int i = 0; i < row.length; i++) {
                    int type = i < PAPER_COLUMN_TYPES.length ? PAPER_COLUMN_TYPES[i] : Types.VARCHAR;
                    if (row[i] == null) {
                        batch.setNull(i + 1, type);
                    } else {
                        batch.setObject(i + 1, row[i], type);
                    }
                }
                if (insert) {
                    batch.setString(row.length + 1, now);
                }
                batch.addBatch();
            }
            batch.executeBatch();
        }
    }

    /** SQL types of {@link #PAPER_COLUMNS}, in order (a typed NULL matters to PostgreSQL). */
    private static final int[] PAPER_COLUMN_TYPES = {
        Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};

    /** The values of {@link #PAPER_COLUMNS} for {@code p}, then its id. */
    private static Object[] paperRow(Paper p, Map<String, Long> orgIds, String now) {
        Submitter s = p.submitter();
        Organization so = p.submitterOrganization();
        return new Object[] {
            p.version(),
            p.title(),
            p.abstractText(),
            authorsJson(p.authors()),
            p.publishedAt() == null ? null : p.publishedAt().toString(),
            p.listedOn() == null ? null : p.listedOn().toString(),
            p.organization() == null ? null : orgIds.get(p.organization().name()),
            p.upvotes(),
            p.numComments(),
            p.githubRepo(),
            p.githubStars(),
            p.projectPage(),
            p.aiSummary(),
            p.aiKeywords().isEmpty() ? null : toJson(p.aiKeywords()),
            s == null ? null : s.name(),
            s == null ? null : s.fullName(),
            s == null ? null : s.avatarUrl(),
            p.thumbnail(),
            p.discussionId(),
            p.categories().isEmpty() ? null : String.join(" ", p.categories()),
            p.comments(),
            p.journalRef(),
            p.doi(),
            p.mediaUrls().isEmpty() ? null : toJson(p.mediaUrls()),
            p.aiSummaryModel(),
            so == null ? null : so.name(),
            so == null ? null : so.fullName(),
            so == null ? null : so.avatar(),
            p.githubRepoAddedBy(),
            now,
            p.id()};
    }

    // ---------------------------------------------------------------- reads

    /** The paper, unless there is none or an admin hid it. */
    public Optional<Paper> find(String id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The stored papers among {@code ids} that are not hidden, keyed by id. */
    public Map<String, Paper> findAll(Collection<String> ids) {
        return jdbi.withHandle(h -> findAll(h, ids, false));
    }

    /** The paper even when hidden, for admins. */
    public Optional<Paper> findIncludingHidden(String id) {
        return Optional.ofNullable(jdbi.withHandle(h -> findAll(h, List.of(id), true)).get(id));
    }

    /** Whether an admin hid this paper (false when there is no such paper). */
    public boolean isHidden(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM papers WHERE id = ? AND hidden_at IS NOT NULL")
                .bind(0, id).mapTo(Integer.class).findOne().isPresent());
    }

    /** Papers an admin hid are left out of every read but {@link #findIncludingHidden}. */
    private static final String VISIBLE = "p.hidden_at IS NULL";

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

    /** Hidden papers too: an import merges into a hidden paper like any other (it stays hidden). */
    private static Map<String, Paper> findAll(Handle h, Collection<String> ids) {
        return findAll(h, ids, true);
    }

    private static Map<String, Paper> findAll(Handle h, Collection<String> ids, boolean includeHidden) {
        Map<String, Paper> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            h.createQuery(SELECT_PAPER + " WHERE p.id IN (<ids>)" + (includeHidden ? "" : " AND " + VISIBLE))
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> readPaper(rs))
                    .forEach(p -> found.put(p.id(), p));
        }
        return found;
    }

    private static Paper readPaper(ResultSet rs) throws SQLException {
        String orgName = rs.getString("org_name");
        String submitter = rs.getString("submitter_name");
        String published = rs.getString("published_at");
        String listed = rs.getString("listed_on");
        String categories = rs.getString("categories");
        String keywords = rs.getString("ai_keywords");
        String media = rs.getString("media_urls");
        String submitterOrg = rs.getString("submitter_org_name");
        return new Paper(
                rs.getString("id"),
                rs.getObject("version") == null ? null : rs.getInt("version"),
                rs.getString("title"),
                rs.getString("abstract"),
                authorsFromJson(rs.getString("authors")),
                published == null ? null : Instant.parse(published),
                listed == null ? null : LocalDate.parse(listed),
                orgName == null ? null
                        : new Organization(orgName, rs.getString("org_full_name"), rs.getString("org_avatar")),
                rs.getInt("upvotes"),
                rs.getInt("num_comments"),
                rs.getString("github_repo"),
                rs.getObject("github_stars") == null ? null : rs.getInt("github_stars"),
                rs.getString("project_page"),
                rs.getString("ai_summary"),
                keywords == null ? List.of() : stringsFromJson(keywords),
                submitter == null ? null
                        : new Submitter(submitter, rs.getString("submitter_fullname"), rs.getString("submitter_avatar")),
                rs.getString("thumbnail"),
                rs.getString("discussion_id"),
                categories == null ? List.of() : Arrays.asList(categories.split(" ")),
                rs.getString("comments"),
                rs.getString("journal_ref"),
                rs.getString("doi"),
                media == null ? List.of() : stringsFromJson(media),
                rs.getString("ai_summary_model"),
                submitterOrg == null ? null : new Organization(submitterOrg, rs.getString("submitter_org_fullname"),
                        rs.getString("submitter_org_avatar")),
                rs.getString("github_repo_added_by"));
    }

    // ---------------------------------------------------------------- JSON columns

    static String authorsJson(List<Author> authors) {
        StringWriter out = new StringWriter(authors.size() * 32);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Author a : authors) {
                g.writeStartObject();
                g.writeStringField("name", a.name());
                if (a.hfUser() != null) {
                    g.writeStringField("user", a.hfUser());
                }
                if (a.hidden()) {
                    g.writeBooleanField("hidden", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static List<Author> authorsFromJson(String json) {
        try {
            JsonNode array = JSON.readTree(json);
            List<Author> authors = new ArrayList<>(array.size());
            for (JsonNode a : array) {
                JsonNode user = a.get("user");
                authors.add(new Author(a.get("name").asText(), user == null ? null : user.asText(),
                        a.path("hidden").asBoolean(false)));
            }
            return authors;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored authors are not a JSON list: " + json, e);
        }
    }

    private static String toJson(List<String> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stringsFromJson(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is not a JSON list of strings: " + json, e);
        }
    }

    private static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> list = List.copyOf(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += IN_CHUNK) {
            chunks.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
        }
        return chunks;
    }
}
