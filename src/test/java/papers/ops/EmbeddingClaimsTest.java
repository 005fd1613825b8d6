package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.paper.EmbeddingClaims;
import papers.search.Embedder;
import papers.support.Fixtures;
import papers.support.TestStores;

/**
 * Issue 14, failure 6: two nodes embedded the same missing papers (34 % computed twice). With claims in the store,
 * nodes racing for the backlog split it, each paper once; a dead node's claims expire and are taken over.
 */
class EmbeddingClaimsTest {

    @TempDir
    Path home;

    private TestStores.Postgres pg;

    private Config config(String db) {
        if (db.equals("sqlite")) {
            return TestStores.sqliteConfig(home);
        }
        pg = TestStores.postgres(home);
        return pg.config();
    }

    @org.junit.jupiter.api.AfterEach
    void dropDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void twoNodesRacingForTheBacklogClaimEachPaperOnce(String db) throws Exception {
        try (App app = App.open(config(db))) {
            app.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2024-05-27.json").toString(), 0, ImportProgress.NONE);
            long missing = app.embeddings().countMissing();
            assertThat(missing).isGreaterThan(8);
            Clock clock = Clock.systemUTC();
            List<String> all = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> nodes = new ArrayList<>();
            for (String node : List.of("a", "b", "c")) {
                EmbeddingClaims claims = new EmbeddingClaims(app.database(), Embedder.MODEL, node, clock,
                        Duration.ofMinutes(2));
                nodes.add(CompletableFuture.runAsync(() -> {
                    for (List<String> got = claims.claim(4); !got.isEmpty(); got = claims.claim(4)) {
                        all.addAll(got); // never released: like papers still being embedded
                    }
                }));
            }
            for (CompletableFuture<Void> n : nodes) {
                n.get();
            }
            assertThat(all).hasSize((int) missing).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDeadNodesClaimsExpireAndReleasedOnesAreFree(String db) throws Exception {
        try (App app = App.open(config(db))) {
            app.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2024-05-27.json").toString(), 0, ImportProgress.NONE);
            AtomicLong now = new AtomicLong(Instant.parse("2026-11-29T12:00:00Z").toEpochMilli());
            Clock clock = new Clock() {
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                public Instant instant() {
                    return Instant.ofEpochMilli(now.get());
                }
            };
            EmbeddingClaims dead = new EmbeddingClaims(app.database(), Embedder.MODEL, "dead", clock,
                    Duration.ofMinutes(2));
            EmbeddingClaims alive = new EmbeddingClaims(app.database(), Embedder.MODEL, "alive", clock,
                    Duration.ofMinutes(2));
            List<String> held = dead.claim(5);
            assertThat(held).hasSize(5);
            Set<String> others = new HashSet<>(alive.claim(5));
            assertThat(others).hasSize(5).doesNotContainAnyElementsOf(held);
            alive.release(others);

            now.addAndGet(Duration.ofMinutes(2).toMillis() + 1); // the dead node's lease ran out
            assertThat(alive.claim(10)).containsAll(held).containsAll(others);
        }
    }
}
