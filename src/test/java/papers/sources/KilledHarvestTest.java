package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static papers.sources.OaiStandIn.page;
import static papers.sources.OaiStandIn.record;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.ingest.ImportReport;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.TestStores;

/**
 * A harvest killed mid-way (a real child process, {@code papers sources run}, killed while it waits for the third
 * page) resumes at that page: every record stored once, no page asked twice.
 */
class KilledHarvestTest {

    @TempDir
    Path home;

    private final CountDownLatch thirdPageAsked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdThirdPage = true;

    private Answer answer(URI uri) {
        String q = uri.getQuery();
        if (q.contains("metadataPrefix")) {
            return Answer.ok(page("t1", record("2608.00001", "2026-08-17", "cs.CL"),
                    record("2608.00002", "2026-08-17", "cs.CL")));
        }
        if (q.contains("resumptionToken=t1")) {
            return Answer.ok(page("t2", record("2608.00003", "2026-08-18", "cs.CL"),
                    record("2608.00004", "2026-08-18", "cs.CL")));
        }
        if (q.contains("resumptionToken=t2")) {
            if (holdThirdPage) {
                thirdPageAsked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Answer(500, null, "gone".getBytes());
            }
            return Answer.ok(page("", record("2608.00005", "2026-08-19", "cs.CL"),
                    record("2608.00006", "2026-08-20", "cs.CL")));
        }
        return new Answer(400, null, ("unexpected " + q).getBytes());
    }

    @Test
    void resumesWithNoGapAndNoDuplicate() throws Exception {
        try (FixtureServer server = new FixtureServer(this::answer)) {
            Files.writeString(home.resolve("sources.toml"), """
                    [[source]]
                    name = "lab"
                    kind = "arxiv-oai"
                    url = "%s"
                    sets = ["cs"]
                    since = "2026-08-14"
                    list_categories = ["cs.CL"]
                    """.formatted(server.url("/oai")));
            // The store exists before the child starts, so the test can read it after the kill.
            App.open(TestStores.sqliteConfig(home)).close();
            ProcessBuilder child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "papers.cli.Main", "sources", "run", "lab"))
                    .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile());
            child.environment().putAll(TestStores.sqlite(home));
            child.environment().put("PAPERS_ARXIV_DELAY_MS", "0");
            Process process = child.start();
            try {
                assertThat(thirdPageAsked.await(60, TimeUnit.SECONDS)).as("child log: %s",
                        Files.exists(home.resolve("child.log")) ? Files.readString(home.resolve("child.log")) : "")
                        .isTrue();
                assertThat(process.isAlive()).isTrue();
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                holdThirdPage = false;
                release.countDown();
            }
            assertThat(server.requests()).hasSize(3);

            try (SourceHarness h = new SourceHarness(TestStores.sqliteConfig(home), Clock.systemUTC(),
                    Files.readString(home.resolve("sources.toml")))) {
                assertThat(h.app.papers().count()).as("the two pages committed before the kill").isEqualTo(4);
                assertThat(h.state("lab").cursor()).isEqualTo("cs\nt2");
                assertThat(h.state("lab").watermark()).as("not raised before the list is complete").isNull();

                ImportReport resumed = h.runner.runNow("lab");

                assertThat(resumed.summaryLine()).isEqualTo("imported: 2 new, 0 updated, 0 unchanged, 0 rejected");
                assertThat(server.requests().subList(3, server.requests().size()))
                        .containsExactly("/oai?verb=ListRecords&resumptionToken=t2");
                assertThat(h.app.papers().count()).isEqualTo(6);
                Integer logged = h.app.database().jdbi().withHandle(hd -> hd.createQuery(
                        "SELECT COUNT(*) FROM paper_changes").mapTo(Integer.class).one());
                assertThat(logged).as("each paper written once").isEqualTo(6);
                assertThat(h.state("lab").watermark()).isEqualTo("2026-08-20");
                assertThat(h.state("lab").cursor()).isNull();
            }
        }
    }
}
