package papers.sources;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.ingest.ImportReport;
import papers.paper.Database;

/**
 * Sources' state in the store, shared by every node: what a run reached (watermark, cursor), when it ran, how it
 * ended. The watermark and cursor writes take a {@link Handle} so they commit with the papers that moved them.
 */
public final class SourceStateStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public SourceStateStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public Optional<SourceState> find(String name) {
        return jdbi.withHandle(h -> find(h, name));
    }

    static Optional<SourceState> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM source_state WHERE name = ?").bind(0, name)
                .map((rs, ctx) -> new SourceState(rs.getString("name"), rs.getString("kind"),
                        rs.getString("watermark"), rs.getString("cursor"), rs.getString("harvest_max"),
                        instant(rs.getString("last_run")), instant(rs.getString("last_success")),
                        rs.getString("last_error"), rs.getInt("failures"), instant(rs.getString("paused_until")),
                        rs.getInt("runs"), rs.getInt("created"), rs.getInt("updated"), rs.getInt("unchanged"),
                        rs.getInt("rejected")))
                .findOne();
    }

    public List<SourceState> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM source_state ORDER BY name").mapTo(String.class)
                .list().stream().map(n -> find(h, n).orElseThrow()).toList());
    }

    /** The newest successful run of any source: when the lists' data was last refreshed. */
    public Optional<Instant> lastRefresh() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(last_success) FROM source_state")
                .mapTo(String.class).findOne().map(Instant::parse));
    }

    /** Ids {@code source} asked for and did not get, not to be asked again yet (see {@link #missed}). */
    java.util.Set<String> waiting(String source) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paper_id FROM source_misses WHERE source = ? "
                        + "AND retry_after > ?").bind(0, source).bind(1, now())
                .mapTo(String.class).collectIntoSet());
    }

    /**
     * Notes that {@code source} asked for {@code ids} and got none of them: each waits a day after its first miss,
     * twice as long after each further one, at most {@value #MAX_MISS_WAIT_DAYS} days.
     */
    void missed(String source, java.util.Collection<String> ids) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        jdbi.useTransaction(h -> {
            for (String id : ids) {
                int misses = h.createQuery("SELECT misses FROM source_misses WHERE source = ? AND paper_id = ?")
                        .bind(0, source).bind(1, id).mapTo(Integer.class).findOne().orElse(0) + 1;
                long days = Math.min(MAX_MISS_WAIT_DAYS, 1L << Math.min(misses - 1, 5));
                h.createUpdate("""
                                INSERT INTO source_misses (source, paper_id, misses, retry_after) VALUES (?, ?, ?, ?)
                                ON CONFLICT (source, paper_id) DO UPDATE
                                SET misses = excluded.misses, retry_after = excluded.retry_after""")
                        .bind(0, source).bind(1, id).bind(2, misses)
                        .bind(3, now.plus(days, ChronoUnit.DAYS).toString()).execute();
            }
        });
    }

    /** Forgets the misses of {@code ids}: {@code source} got them after all. */
    void found(String source, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM source_misses WHERE source = :source AND paper_id IN (<ids>)")
                .bind("source", source).bindList("ids", List.copyOf(ids)).execute());
    }

    static final int MAX_MISS_WAIT_DAYS = 30;

    /** Makes the row if there is none, and marks the start of a run. */
    void started(String name, String kind) {
        String now = now();
        jdbi.useTransaction(h -> {
            ensure(h, name, kind);
            h.createUpdate("UPDATE source_state SET last_run = ?, runs = runs + 1 WHERE name = ?")
                    .bind(0, now).bind(1, name).execute();
        });
    }

    static void ensure(Handle h, String name, String kind) {
        h.createUpdate("INSERT INTO source_state (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .bind(0, name).bind(1, kind).execute();
    }

    void succeeded(String name, ImportReport report) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE source_state SET last_success = ?, last_error = NULL, failures = 0,
                        created = ?, updated = ?, unchanged = ?, rejected = ? WHERE name = ?""")
                .bind(0, now()).bind(1, report.created()).bind(2, report.updated()).bind(3, report.unchanged())
                .bind(4, report.rejected()).bind(5, name).execute());
    }

    void failed(String name, String error) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE source_state SET last_error = ?, failures = failures + 1 WHERE name = ?")
                .bind(0, error.length() > 500 ? error.substring(0, 500) : error).bind(1, name).execute());
    }

    /**
     * A run stopped by a shutdown: not a failure (no back-off, the last error kept), and its start forgotten
     * ({@code lastRun}, as before it started), so that the next start runs it when it was due.
     */
    void stopped(String name, Instant lastRun) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE source_state SET last_run = ? WHERE name = ?")
                .bind(0, lastRun == null ? null : lastRun.toString()).bind(1, name).execute());
    }

    /** github-stars: no request before {@code until} (the rate limit's reset). */
    void pauseUntil(String name, Instant until) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE source_state SET paused_until = ? WHERE name = ?")
                .bind(0, until == null ? null : until.truncatedTo(ChronoUnit.SECONDS).toString()).bind(1, name)
                .execute());
    }

    /** arxiv-oai, inside the transaction of a page's papers: the harvest's position after that page. */
    static void harvestProgress(Handle h, String name, String cursor, String harvestMax) {
        h.createUpdate("UPDATE source_state SET cursor = ?, harvest_max = ? WHERE name = ?")
                .bind(0, cursor).bind(1, harvestMax).bind(2, name).execute();
    }

    /** arxiv-oai, inside the transaction of the last page's papers: the list is complete up to {@code watermark}. */
    static void harvestDone(Handle h, String name, String watermark) {
        h.createUpdate("UPDATE source_state SET watermark = ?, cursor = NULL, harvest_max = NULL WHERE name = ?")
                .bind(0, watermark).bind(1, name).execute();
    }

    /** The ETag and value of a URL's last 200 answer. */
    record Etag(String etag, String value) { }

    Optional<Etag> etag(String source, String url) {
        return jdbi.withHandle(h -> h.createQuery("SELECT etag, value FROM source_etags WHERE source = ? AND url = ?")
                .bind(0, source).bind(1, url).map((rs, ctx) -> new Etag(rs.getString(1), rs.getString(2)))
                .findOne());
    }

    void saveEtag(String source, String url, String etag, String value) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO source_etags (source, url, etag, value) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source, url) DO UPDATE SET etag = excluded.etag, value = excluded.value""")
                .bind(0, source).bind(1, url).bind(2, etag).bind(3, value).execute());
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
