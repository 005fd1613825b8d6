package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.PoliteHttpClient;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/** {@code /admin/sources} for admins, and "updated N minutes ago" on list pages. */
class SourceStatusPagesTest {

    private static final String PASSWORD = "a long password 1";

    @TempDir
    Path home;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-08-21T12:00:00Z"));
    private FixtureServer hf;
    private TestServer server;
    private SourceRunner runner;

    @BeforeEach
    void start() throws Exception {
        hf = new FixtureServer(uri -> uri.getQuery().endsWith("2026-08-21")
                ? Answer.ok(Fixtures.bytes("hf-daily-papers-2026-08-21.json")) : Answer.ok("[]".getBytes()));
        server = new TestServer(TestStores.sqliteConfig(home), clock);
        runner = server.app.sourceRunner(SourcesFile.parse("sources.toml", """
                [[source]]
                name = "huggingface"
                kind = "hf-daily"
                url = "%s"
                every = "30m"
                """.formatted(hf.url("/api/daily_papers")), java.time.LocalDate.parse("2026-08-21")).sources(),
                spec -> new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(10), 2, d -> { }));
    }

    @AfterEach
    void stop() {
        server.close();
        hf.close();
    }

    @Test
    void listPagesSayWhenSourcesLastBroughtData() throws Exception {
        assertThat(server.get("/papers/trending").body()).doesNotContain("updated ");

        runner.runNow("huggingface");
        server.app.changeFollower().poll();
        clock.advance(Duration.ofSeconds(11)); // the time is read from the store at most every 10 s
        assertThat(server.get("/").body()).contains("updated just now");

        clock.advance(Duration.ofMinutes(12));
        assertThat(server.get("/").body()).contains("updated 12 minutes ago");
        assertThat(server.get("/papers/trending").body()).contains("updated 12 minutes ago");
        assertThat(server.get("/papers/date/2026-08-21").body()).contains("updated 12 minutes ago");
    }

    @Test
    void adminsSeeEachSourcesStateAndNextRun() throws Exception {
        runner.runNow("huggingface");
        server.app.accounts().createUser("root", "root@example.org", PASSWORD, true);
        WebClient root = new WebClient(server);
        root.login("root", PASSWORD);
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);

        var page = root.get("/admin/sources");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("huggingface").contains("hf-daily").contains(hf.url("/api/daily_papers"))
                .contains("17 new, 0 updated, 0 unchanged").contains("2026-08-21 12:30 UTC");
        assertThat(ada.get("/admin/sources").statusCode()).isEqualTo(403);
        assertThat(new WebClient(server).get("/admin/sources").statusCode()).isEqualTo(403);
    }

    @Test
    void metricsCountSourceRunsAndFailures() throws Exception {
        runner.runNow("huggingface");
        hf.close(); // the source's server goes away: the next run fails
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.runNow("huggingface"))
                .isInstanceOf(Exception.class);

        String metrics = server.get("/metrics").body();

        assertThat(metrics).contains("papers_source_runs_total{source=\"huggingface\"} 2.0")
                .contains("papers_source_failures_total{source=\"huggingface\"} 1.0")
                .contains("papers_digests_sent_total 0.0").contains("papers_digests_failed_total 0.0");
    }
}
