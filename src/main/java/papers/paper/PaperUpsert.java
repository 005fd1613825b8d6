package papers.paper;

import static papers.paper.PaperRows.PAPER_COLUMNS;
import static papers.paper.PaperRows.PAPER_COLUMN_TYPES;
import static papers.paper.PaperRows.chunks;
import static papers.paper.PaperRows.paperRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * An import's write: each incoming paper merged into what is stored ({@link Paper#mergedWith}), in one transaction
 * that also writes organizations, authors and which paper has which author, drops embeddings whose text changed and
 * appends to the change log; upserts are serialised (an exclusive {@link PaperChanges.Lock}), so two importers or
 * nodes cannot both insert the same new paper. Bulk writes use plain JDBC batches, and on PostgreSQL arrays and COPY:
 * imports are the hot path. {@link PaperStore#upsert} is its door.
 */
final class PaperUpsert {

    /** Author names remembered at most; past it the memory starts again (an import then re-inserts a few). */
    private static final int KNOWN_AUTHORS_LIMIT = 1_000_000;

    private final Jdbi jdbi;
    private final boolean postgres;
    /** PostgreSQL 14+ built with lz4 compresses long values far faster than its default (pglz). */
    private final boolean lz4;
    private final PaperChanges changes;
    /** Told after each commit that changed papers. */
    private final Runnable changed;
    /** Author names known to be stored (authors are never deleted), so imports skip re-inserting them. */
    private final Set<String> knownAuthors = ConcurrentHashMap.newKeySet();

    PaperUpsert(Jdbi jdbi, boolean postgres, PaperChanges changes, Runnable changed) {
        this.jdbi = jdbi;
        this.postgres = postgres;
        this.changes = changes;
        this.changed = changed;
        this.lz4 = postgres && jdbi.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)""").mapTo(Integer.class).one() > 0);
    }

    /**
     * Like {@link #upsert(List)}, and runs {@code alsoInTransaction} in the same transaction after the papers are
     * written: a source stores the watermark its batch reached there, so both commit or neither does.
     */
    UpsertResult upsert(List<Paper> papers, java.util.function.Consumer<Handle> alsoInTransaction) {
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
            changed.run();
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
        Map<String, StoredOrganization> storedOrgs = organizations(h, incoming.values());
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
            Map<String, Long> orgIds = new HashMap<>();
            organizations(h, changed).forEach((name, o) -> orgIds.put(name, o.id()));
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

    /** An organization as stored: its row id and its record. */
    private record StoredOrganization(long id, Organization organization) {
    }

    /** The stored organizations of {@code papers}, by name. */
    private static Map<String, StoredOrganization> organizations(Handle h, Collection<Paper> papers) {
        Map<String, StoredOrganization> found = new HashMap<>();
        for (List<String> chunk : chunks(organizationNames(papers))) {
            h.createQuery("SELECT id, name, full_name, avatar FROM organizations WHERE name IN (<names>)")
                    .bindList("names", chunk)
                    .map((rs, ctx) -> new StoredOrganization(rs.getLong(1),
                            new Organization(rs.getString(2), rs.getString(3), rs.getString(4))))
                    .forEach(o -> found.put(o.organization().name(), o));
        }
        return found;
    }

    /** Inserts new organizations and updates changed ones (the last record of the batch wins). */
    private static void saveOrganizations(Handle h, Collection<Paper> papers, Map<String, StoredOrganization> stored)
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
                StoredOrganization was = stored.get(o.name());
                if (was == null || !o.equals(was.organization())) {
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

    /** Hidden papers too: an import merges into a hidden paper like any other (it stays hidden). */
    private static Map<String, Paper> findAll(Handle h, Collection<String> ids) {
        return PaperRows.findAll(h, ids, true);
    }
}
