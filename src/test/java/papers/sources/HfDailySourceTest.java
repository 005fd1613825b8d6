package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.ImportReport;
import papers.paper.Paper;
import papers.support.Fixtures;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;

class HfDailySourceTest {

    private static final String DAY = "2026-08-21";

    @TempDir
    Path home;

    private final AtomicReference<String> served = new AtomicReference<>(
            new String(Fixtures.bytes("hf-daily-papers-2026-08-21.json"), StandardCharsets.UTF_8));

    private Answer answer(java.net.URI uri) {
        return uri.getQuery() != null && uri.getQuery().equals("date=" + DAY)
                ? Answer.ok(served.get().getBytes(StandardCharsets.UTF_8))
                : Answer.ok("[]".getBytes(StandardCharsets.UTF_8)); // days without papers
    }

    private static String toml(FixtureServer server) {
        return """
                [[source]]
                name = "hf"
                kind = "hf-daily"
                url = "%s"
                every = "2s"
                days = 3
                """.formatted(server.url("/api/daily_papers"));
    }

    @Test
    void mirrorsTheDaysAndFollowsAChangedUpvoteCountWithLocalVotesOnTop() throws Exception {
        try (FixtureServer server = new FixtureServer(this::answer);
             SourceHarness h = SourceHarness.sqlite(home, DAY, toml(server))) {
            ImportReport first = h.runner.runNow("hf");

            assertThat(first.summaryLine()).isEqualTo("imported: 17 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(server.requests()).containsExactly("/api/daily_papers?date=2026-08-19",
                    "/api/daily_papers?date=2026-08-20", "/api/daily_papers?date=2026-08-21");
            assertThat(server.requestHeaders().getFirst().getFirst("User-Agent"))
                    .isEqualTo("DailyPapers/0.1 (self-hosted paper hub; +https://papers.example.org; ops@example.org)");
            assertThat(h.app.papers().countListedOn(LocalDate.parse(DAY))).isEqualTo(17);
            assertThat(h.app.papers().find("2608.19880").orElseThrow().upvotes()).isEqualTo(163);

            long user = h.app.accounts().createUser("reader", "reader@example.org", "a long password 1", false).id();
            h.app.votes().vote(user, "2608.19880", true);
            assertThat(h.app.papers().find("2608.19880").orElseThrow().upvotes()).isEqualTo(164);

            served.set(served.get().replace("\"upvotes\": 163", "\"upvotes\": 170"));
            ImportReport second = h.runner.runNow("hf");

            assertThat(second.summaryLine()).isEqualTo("imported: 0 new, 1 updated, 16 unchanged, 0 rejected");
            Paper paper = h.app.papers().find("2608.19880").orElseThrow();
            assertThat(paper.upvotes()).as("the source's 170 plus the local vote").isEqualTo(171);
            assertThat(paper.listedOn()).isEqualTo(LocalDate.parse(DAY));
            SourceState state = h.state("hf");
            assertThat(state.runs()).isEqualTo(2);
            assertThat(state.updated()).isEqualTo(1);
            assertThat(state.lastSuccess()).isEqualTo(java.time.Instant.parse(DAY + "T12:00:00Z"));
            assertThat(state.lastError()).isNull();
        }
    }

    @Test
    void aRunStoppedByShutdownIsNotAFailureAndIsDueAgainAtTheNextStart() throws Exception {
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (FixtureServer server = new FixtureServer(uri -> { // answers only once the test lets it
                 asked.countDown();
                 try {
                     release.await();
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return answer(uri);
             });
             SourceHarness h = SourceHarness.sqlite(home, DAY, toml(server))) {
            try {
                h.runner.start();
                assertThat(asked.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the run asked the source").isTrue();
                h.runner.close(); // as serve does on SIGTERM, while the run waits for its answer

                SourceState state = h.state("hf");
                assertThat(state.runs()).isEqualTo(1);
                assertThat(state.failures()).as("a shutdown is not a failure: no back-off").isZero();
                assertThat(state.lastError()).isNull();
                assertThat(state.lastRun()).as("forgotten, so the next start runs it").isNull();
                assertThat(h.app.papers().countListedOn(LocalDate.parse(DAY))).isZero();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void anUnreachableSourceStoresItsErrorAndBacksOff() throws Exception {
        FixtureServer closed = new FixtureServer(uri -> new Answer(500, null, "down".getBytes()));
        String toml = toml(closed);
        closed.close();
        try (SourceHarness h = SourceHarness.sqlite(home, DAY, toml)) {
            for (int i = 0; i < 3; i++) {
                try {
                    h.runner.runNow("hf");
                } catch (java.io.IOException expected) {
                    assertThat(expected.getMessage()).startsWith("cannot reach http://127.0.0.1:");
                }
            }
            SourceState state = h.state("hf");
            assertThat(state.failures()).isEqualTo(3);
            assertThat(state.lastError()).startsWith("cannot reach http://127.0.0.1:");
            assertThat(state.lastSuccess()).isNull();
            SourceSpec spec = h.runner.sources().getFirst();
            assertThat(h.runner.nextRun(spec, state)).as("2 s doubled for each failure after the first")
                    .isEqualTo(state.lastRun().plusSeconds(8));
        }
    }
}
