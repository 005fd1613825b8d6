package papers.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.search.SearchFilters;
import papers.search.SearchSort;
import papers.support.TestServer;
import papers.support.TestStores;

/**
 * PostgreSQL takes a change's sequence number at insert, not at commit. A change whose transaction commits after a
 * later-numbered one's must still reach the page cache and the search index (it once reached neither).
 */
class OutOfOrderCommitTest {

    @TempDir
    Path home;

    private TestStores.Postgres pg;
    private TestServer server;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static Paper paper(String id, String title) {
        return Paper.of(id, 1, title, "An abstract about proteins.", List.of(Author.named("Jane Doe")),
                Instant.parse("2026-08-20T10:00:00Z")).withListing(java.time.LocalDate.parse("2026-08-21"), null);
    }

    @Test
    void aChangeCommittedAfterALaterOneReachesTheCacheAndTheIndex() throws Exception {
        pg = TestStores.postgres(home);
        Config config = pg.config();
        server = new TestServer(config, Clock.fixed(Instant.parse("2026-08-21T12:00:00Z"), ZoneOffset.UTC));
        server.store.upsert(List.of(paper("2608.00001", "Folding proteins slowly"),
                paper("2608.00002", "Folding proteins quickly")));
        ChangeFollower follower = server.app.changeFollower();
        long versionBefore;
        follower.poll();
        assertThat(server.get("/api/papers/2608.00001").body()).contains("\"upvotes\":0");

        try (Connection slow = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            slow.setAutoCommit(false);
            try (PreparedStatement update = slow.prepareStatement(
                    "UPDATE papers SET title = 'Folding proteins with zebrafish', upvotes = 41 WHERE id = ?");
                 PreparedStatement log = slow.prepareStatement(
                         "INSERT INTO paper_changes (paper_id, changed_at) VALUES (?, '2026-08-21T12:00:00Z')")) {
                update.setString(1, "2608.00001");
                update.executeUpdate();
                log.setString(1, "2608.00001");
                log.executeUpdate(); // takes number n, not committed yet
            }
            long before = server.store.lastChange();
            // A later change (number n + 1) commits first, as a vote would.
            server.store.upsert(List.of(paper("2608.00002", "Folding proteins quickly, revised")));
            follower.poll();
            long later = server.store.lastChange();
            assertThat(later).isEqualTo(before + 2);
            assertThat(server.app.searchParts().index().appliedSeq()).as("the index stores the position below the gap")
                    .isEqualTo(before);
            assertThat(search("revised")).containsExactly("2608.00002");
            versionBefore = follower.version();

            slow.commit(); // the earlier number commits last
        }
        follower.poll();

        assertThat(follower.version()).as("the late change renews cached pages").isGreaterThan(versionBefore);
        assertThat(server.get("/api/papers/2608.00001").body()).contains("\"upvotes\":41");
        assertThat(search("zebrafish")).containsExactly("2608.00001");
        assertThat(server.app.searchParts().index().appliedSeq()).isEqualTo(server.store.lastChange());
    }

    private List<String> search(String word) {
        return server.app.searchParts().service().search(word, SearchFilters.none(), SearchSort.RELEVANCE, 1, 10).hits().stream()
                .map(papers.search.SearchHit::id).toList();
    }

    @Test
    void aReaderStartedAtMaxSeqWaitsForNumbersStillInFlight() throws Exception {
        pg = TestStores.postgres(home);
        Config config = pg.config();
        try (Database db = Database.open(config)) {
            PaperStore store = new PaperStore(db);
            store.upsert(List.of(paper("2608.00001", "One")));
            ChangeLogReader reader;
            try (Connection slow = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
                slow.setAutoCommit(false);
                try (PreparedStatement log = slow.prepareStatement(
                        "INSERT INTO paper_changes (paper_id, changed_at) VALUES ('2608.00001', 'x')")) {
                    log.executeUpdate();
                }
                store.upsert(List.of(paper("2608.00002", "Two")));
                // Started at MAX(seq), as a rebuilt index or a new node is: the number below it is in flight.
                reader = store.changeReader(store.lastChange(), Clock.systemUTC());
                assertThat(reader.openGaps()).isEqualTo(1);
                assertThat(reader.safeSeq()).isEqualTo(store.lastChange() - 2);
                assertThat(reader.read(100).changes()).isEmpty();
                slow.commit();
            }
            ChangeLogReader.Batch late = reader.read(100);

            assertThat(late.changes()).extracting(PaperChange::paperId).containsExactly("2608.00001");
            assertThat(late.safeSeq()).isEqualTo(store.lastChange());
            assertThat(reader.openGaps()).isZero();
        }
    }
}
