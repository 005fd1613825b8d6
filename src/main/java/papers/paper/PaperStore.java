package papers.paper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The papers, their authors and organizations, in SQLite or PostgreSQL through one set of SQL statements.
 * Writes go through {@link #upsert}, which merges each incoming paper into what is stored and appends to the
 * change log in the same transaction.
 */
public final class PaperStore {

    /** Rows fetched per IN (...) list: far below SQLite's and PostgreSQL's parameter limits. */
    private static final int IN_CHUNK = 500;
    private static final int AUTHOR_CACHE_LIMIT = 500_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private static final String SELECT_PAPER = """
            SELECT p.*, o.name AS org_name, o.full_name AS org_full_name, o.avatar AS org_avatar
            FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
            """;

    private static final long UPSERT_LOCK = 0x5041504552L; // "PAPER"

    private final Jdbi jdbi;
    private final boolean postgres;
    /** Author ids never change once committed, so name-to-id lookups are cached across imports. */
    private final Map<String, Long> authorIds = new ConcurrentHashMap<>();

    public PaperStore(Database database) {
        this.jdbi = database.jdbi();
        this.postgres = database.kind() == Database.Kind.POSTGRESQL;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Inserts new papers and merges the rest into what is stored (see {@link Paper#mergedWith}), all in one
     * transaction. Papers repeated within the list are merged in order first.
     */
    public UpsertResult upsert(List<Paper> papers) {
        if (papers.isEmpty()) {
            return UpsertResult.NONE;
        }
        Map<String, Paper> incoming = new LinkedHashMap<>();
        for (Paper p : papers) {
            incoming.merge(p.id(), p, Paper::mergedWith);
        }
        Map<String, Long> newAuthorIds = new HashMap<>();
        UpsertResult result = jdbi.inTransaction(h -> {
            if (postgres) {
                // Upserts read, merge in Java, then write: serialise them so two importers (or nodes) cannot both
                // insert the same new paper. SQLite's IMMEDIATE transactions already do this.
                h.execute("SELECT pg_advisory_xact_lock(?)", UPSERT_LOCK);
            }
            Map<String, Paper> existing = findAll(h, incoming.keySet());
            // Organizations are records of their own: a paper changes when its organization does, not when the
            // organization's avatar or full name does (those are saved below, once per organization).
            Map<String, Organization> storedOrgs = organizationsByName(h, incoming.values());
            List<Paper> inserts = new ArrayList<>();
            List<Paper> updates = new ArrayList<>();
            for (Paper p : incoming.values()) {
                Paper stored = existing.get(p.id());
                if (stored == null) {
                    inserts.add(p);
                } else {
                    Paper merged = stored.mergedWith(p);
                    Organization org = merged.organization();
                    if (org != null && stored.organization() != null
                            && org.name().equals(stored.organization().name())) {
                        merged = merged.withOrganization(stored.organization());
                    }
                    if (!merged.equals(stored)) {
                        updates.add(merged);
                    }
                }
            }
            saveOrganizations(h, incoming.values(), storedOrgs);
            List<Paper> changed = new ArrayList<>(inserts);
            changed.addAll(updates);
            if (!changed.isEmpty()) {
                Map<String, Long> orgIds = organizationIds(h, changed);
                newAuthorIds.putAll(saveAuthors(h, changed));
                String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                writePapers(h, inserts, orgIds, now, true);
                writePapers(h, updates, orgIds, now, false);
                deleteAuthorLinks(h, updates);
                writeAuthorLinks(h, changed, newAuthorIds);
                PreparedBatch log = h.prepareBatch("INSERT INTO paper_changes (paper_id, changed_at) VALUES (?, ?)");
                for (Paper p : changed) {
                    log.bind(0, p.id()).bind(1, now).add();
                }
                log.execute();
            }
            return new UpsertResult(inserts.size(), updates.size(), incoming.size() - changed.size());
        });
        if (authorIds.size() + newAuthorIds.size() > AUTHOR_CACHE_LIMIT) {
            authorIds.clear();
        }
        authorIds.putAll(newAuthorIds); // only after commit: a rolled-back insert must not leave a cached id
        return result;
    }

    private static Map<String, Organization> organizationsByName(Handle h, Collection<Paper> papers) {
        Set<String> names = new LinkedHashSet<>();
        for (Paper p : papers) {
            if (p.organization() != null) {
                names.add(p.organization().name());
            }
        }
        Map<String, Organization> found = new HashMap<>();
        for (List<String> chunk : chunks(names)) {
            h.createQuery("SELECT name, full_name, avatar FROM organizations WHERE name IN (<names>)")
                    .bindList("names", chunk)
                    .map((rs, ctx) -> new Organization(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .forEach(o -> found.put(o.name(), o));
        }
        return found;
    }

    /** Inserts new organizations and updates changed ones (the last record of the batch wins). */
    private static void saveOrganizations(Handle h, Collection<Paper> papers,
                                                       Map<String, Organization> stored) {
        Map<String, Organization> orgs = new LinkedHashMap<>();
        for (Paper p : papers) {
            if (p.organization() != null) {
                orgs.put(p.organization().name(), p.organization());
            }
        }
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO organizations (name, full_name, avatar) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET full_name = excluded.full_name, avatar = excluded.avatar""");
        boolean any = false;
        for (Organization o : orgs.values()) {
            if (!o.equals(stored.get(o.name()))) {
                batch.bind(0, o.name()).bind(1, o.fullName()).bind(2, o.avatar()).add();
                any = true;
            }
        }
        if (any) {
            batch.execute();
        }
    }

    private static Map<String, Long> organizationIds(Handle h, List<Paper> papers) {
        Set<String> names = new LinkedHashSet<>();
        for (Paper p : papers) {
            if (p.organization() != null) {
                names.add(p.organization().name());
            }
        }
        return names.isEmpty() ? Map.of() : idsByName(h, "organizations", names);
    }

    private Map<String, Long> saveAuthors(Handle h, List<Paper> papers) {
        Map<String, Long> ids = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Paper p : papers) {
            for (Author a : p.authors()) {
                Long id = authorIds.get(a.name());
                if (id != null) {
                    ids.put(a.name(), id);
                } else {
                    missing.add(a.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO authors (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
            for (String name : missing) {
                batch.bind(0, name).add();
            }
            batch.execute();
            ids.putAll(idsByName(h, "authors", missing));
        }
        return ids;
    }

    private static Map<String, Long> idsByName(Handle h, String table, Collection<String> names) {
        Map<String, Long> ids = new HashMap<>();
        for (List<String> chunk : chunks(names)) {
            h.createQuery("SELECT id, name FROM " + table + " WHERE name IN (<names>)")
                    .bindList("names", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("id")))
                    .forEach(e -> ids.put(e.getKey(), e.getValue()));
        }
        return ids;
    }

    private static void writePapers(Handle h, List<Paper> papers, Map<String, Long> orgIds, String now,
                                    boolean insert) {
        if (papers.isEmpty()) {
            return;
        }
        String columns = "version, title, abstract, published_at, listed_on, organization_id, upvotes, num_comments, "
                + "github_repo, github_stars, project_page, ai_summary, ai_keywords, submitter_name, "
                + "submitter_fullname, submitter_avatar, thumbnail, discussion_id, categories, comments, journal_ref, "
                + "doi, updated_at";
        String sql = insert
                ? "INSERT INTO papers (" + columns + ", id, created_at) VALUES ("
                        + "?, ".repeat(columns.split(", ").length + 1) + "?)"
                : "UPDATE papers SET " + String.join(" = ?, ", columns.split(", ")) + " = ? WHERE id = ?";
        PreparedBatch batch = h.prepareBatch(sql);
        for (Paper p : papers) {
            int i = 0;
            batch.bind(i++, p.version())
                    .bind(i++, p.title())
                    .bind(i++, p.abstractText())
                    .bind(i++, p.publishedAt() == null ? null : p.publishedAt().toString())
                    .bind(i++, p.listedOn() == null ? null : p.listedOn().toString())
                    .bind(i++, p.organization() == null ? null : orgIds.get(p.organization().name()))
                    .bind(i++, p.upvotes())
                    .bind(i++, p.numComments())
                    .bind(i++, p.githubRepo())
                    .bind(i++, p.githubStars())
                    .bind(i++, p.projectPage())
                    .bind(i++, p.aiSummary())
                    .bind(i++, p.aiKeywords().isEmpty() ? null : toJson(p.aiKeywords()))
                    .bind(i++, p.submitter() == null ? null : p.submitter().name())
                    .bind(i++, p.submitter() == null ? null : p.submitter().fullName())
                    .bind(i++, p.submitter() == null ? null : p.submitter().avatarUrl())
                    .bind(i++, p.thumbnail())
                    .bind(i++, p.discussionId())
                    .bind(i++, p.categories().isEmpty() ? null : String.join(" ", p.categories()))
                    .bind(i++, p.comments())
                    .bind(i++, p.journalRef())
                    .bind(i++, p.doi())
                    .bind(i++, now)
                    .bind(i++, p.id());
            if (insert) {
                batch.bind(i, now);
            }
            batch.add();
        }
        batch.execute();
    }

    private static void deleteAuthorLinks(Handle h, List<Paper> papers) {
        for (List<String> chunk : chunks(papers.stream().map(Paper::id).toList())) {
            h.createUpdate("DELETE FROM paper_authors WHERE paper_id IN (<ids>)").bindList("ids", chunk).execute();
        }
    }

    private static void writeAuthorLinks(Handle h, List<Paper> papers, Map<String, Long> authorIds) {
        PreparedBatch batch = h.prepareBatch(
                "INSERT INTO paper_authors (paper_id, position, author_id, hf_user, hidden) VALUES (?, ?, ?, ?, ?)");
        boolean any = false;
        for (Paper p : papers) {
            List<Author> authors = p.authors();
            for (int i = 0; i < authors.size(); i++) {
                Author a = authors.get(i);
                batch.bind(0, p.id()).bind(1, i).bind(2, authorIds.get(a.name())).bind(3, a.hfUser())
                        .bind(4, a.hidden() ? 1 : 0).add();
                any = true;
            }
        }
        if (any) {
            batch.execute();
        }
    }

    // ---------------------------------------------------------------- reads

    public Optional<Paper> find(String id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The stored papers among {@code ids}, keyed by id. */
    public Map<String, Paper> findAll(Collection<String> ids) {
        return jdbi.withHandle(h -> findAll(h, ids));
    }

    /** Papers listed on {@code day}, most upvoted first (ties: more comments, then newer). */
    public List<Paper> listedOn(LocalDate day, int limit, int offset) {
        return jdbi.withHandle(h -> withAuthors(h, h.createQuery(SELECT_PAPER + """
                        WHERE p.listed_on = :day
                        ORDER BY p.upvotes DESC, p.num_comments DESC, p.published_at DESC, p.id DESC
                        LIMIT :limit OFFSET :offset""")
                .bind("day", day.toString()).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> readPaper(rs)).list()));
    }

    public int countListedOn(LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers WHERE listed_on = :day")
                .bind("day", day.toString()).mapTo(Integer.class).one());
    }

    public Optional<LocalDate> newestListingDay() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(listed_on) FROM papers")
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

    public long countAuthors() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM authors").mapTo(Long.class).one());
    }

    private static Map<String, Paper> findAll(Handle h, Collection<String> ids) {
        Map<String, Paper> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            List<Paper> papers = h.createQuery(SELECT_PAPER + " WHERE p.id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> readPaper(rs)).list();
            for (Paper p : withAuthors(h, papers)) {
                found.put(p.id(), p);
            }
        }
        return found;
    }

    /** Fills in each paper's authors with one query per chunk of papers. */
    private static List<Paper> withAuthors(Handle h, List<Paper> papers) {
        if (papers.isEmpty()) {
            return papers;
        }
        Map<String, List<Author>> authors = new HashMap<>();
        for (List<String> chunk : chunks(papers.stream().map(Paper::id).toList())) {
            h.createQuery("""
                            SELECT pa.paper_id, a.name, pa.hf_user, pa.hidden
                            FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                            WHERE pa.paper_id IN (<ids>) ORDER BY pa.paper_id, pa.position""")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1),
                            new Author(rs.getString(2), rs.getString(3), rs.getInt(4) != 0)))
                    .forEach(e -> authors.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        List<Paper> complete = new ArrayList<>(papers.size());
        for (Paper p : papers) {
            complete.add(new Paper(p.id(), p.version(), p.title(), p.abstractText(),
                    authors.getOrDefault(p.id(), List.of()), p.publishedAt(), p.listedOn(), p.organization(),
                    p.upvotes(), p.numComments(), p.githubRepo(), p.githubStars(), p.projectPage(), p.aiSummary(),
                    p.aiKeywords(), p.submitter(), p.thumbnail(), p.discussionId(), p.categories(), p.comments(),
                    p.journalRef(), p.doi()));
        }
        return complete;
    }

    private static Paper readPaper(ResultSet rs) throws SQLException {
        String orgName = rs.getString("org_name");
        String submitter = rs.getString("submitter_name");
        String published = rs.getString("published_at");
        String listed = rs.getString("listed_on");
        String categories = rs.getString("categories");
        String keywords = rs.getString("ai_keywords");
        return new Paper(
                rs.getString("id"),
                rs.getObject("version") == null ? null : rs.getInt("version"),
                rs.getString("title"),
                rs.getString("abstract"),
                List.of(),
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
                keywords == null ? List.of() : fromJson(keywords),
                submitter == null ? null
                        : new Submitter(submitter, rs.getString("submitter_fullname"), rs.getString("submitter_avatar")),
                rs.getString("thumbnail"),
                rs.getString("discussion_id"),
                categories == null ? List.of() : Arrays.asList(categories.split(" ")),
                rs.getString("comments"),
                rs.getString("journal_ref"),
                rs.getString("doi"));
    }

    private static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> list = List.copyOf(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += IN_CHUNK) {
            chunks.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
        }
        return chunks;
    }

    private static String toJson(List<String> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored ai_keywords is not a JSON list: " + json, e);
        }
    }
}
