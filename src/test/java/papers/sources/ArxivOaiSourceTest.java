package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static papers.sources.OaiStandIn.deleted;
import static papers.sources.OaiStandIn.page;
import static papers.sources.OaiStandIn.record;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.ImportReport;
import papers.paper.Paper;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;

class ArxivOaiSourceTest {

    @TempDir
    Path home;

    private static String toml(FixtureServer server) {
        return """
                [[source]]
                name = "lab"
                kind = "arxiv-oai"
                url = "%s"
                every = "1h"
                sets = ["cs"]
                since = "2026-08-14"
                list_categories = ["cs.CL", "cs.LG"]
                """.formatted(server.url("/oai"));
    }

    @Test
    void harvestsPagesSkipsDeletedRecordsWaitsOut503AndAsksFromTheWatermarkNextTime() throws Exception {
        AtomicInteger busy = new AtomicInteger();
        try (FixtureServer server = new FixtureServer(uri -> answer(uri, busy));
             SourceHarness h = SourceHarness.sqlite(home, "2026-08-21", toml(server))) {
            ImportReport first = h.runner.runNow("lab");

            assertThat(first.summaryLine()).isEqualTo("imported: 3 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(server.requests()).containsExactly(
                    "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-08-14&set=cs",
                    "/oai?verb=ListRecords&resumptionToken=t1",
                    "/oai?verb=ListRecords&resumptionToken=t1");
            assertThat(h.waits).as("the 503's Retry-After").contains(Duration.ofSeconds(2));
            assertThat(h.app.papers().find("2608.00002")).as("the deleted record").isEmpty();

            Paper listed = h.app.papers().find("2608.00001").orElseThrow();
            assertThat(listed.listedOn()).as("cs.CL: listed on its datestamp's day")
                    .isEqualTo(LocalDate.parse("2026-08-18"));
            assertThat(h.app.papers().find("2608.00003").orElseThrow().listedOn())
                    .isEqualTo(LocalDate.parse("2026-08-20"));
            Paper stored = h.app.papers().find("2608.00004").orElseThrow();
            assertThat(stored.categories()).containsExactly("math.PR");
            assertThat(stored.listedOn()).as("math.PR: stored, not listed").isNull();

            SourceState state = h.state("lab");
            assertThat(state.watermark()).isEqualTo("2026-08-20");
            assertThat(state.cursor()).isNull();

            ImportReport second = h.runner.runNow("lab");

            assertThat(second.summaryLine()).isEqualTo("imported: 0 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(server.requests().getLast())
                    .isEqualTo("/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-08-20&set=cs");
            assertThat(h.state("lab").watermark()).as("noRecordsMatch keeps the watermark").isEqualTo("2026-08-20");
            assertThat(h.state("lab").lastError()).isNull();
        }
    }

    private static Answer answer(URI uri, AtomicInteger busy) {
        String q = uri.getQuery();
        if (q.contains("from=2026-08-14")) {
            return Answer.ok(page("t1", record("2608.00001", "2026-08-18", "cs.CL cs.AI"),
                    deleted("2608.00002", "2026-08-19")));
        }
        if (q.contains("resumptionToken=t1")) {
            return busy.getAndIncrement() == 0 ? Answer.busy("2")
                    : Answer.ok(page("", record("2608.00003", "2026-08-20", "cs.LG"),
                            record("2608.00004", "2026-08-20", "math.PR")));
        }
        if (q.contains("from=2026-08-20")) {
            return Answer.ok(OaiStandIn.noRecordsMatch());
        }
        return new Answer(400, null, ("unexpected " + q).getBytes());
    }

    @Test
    void anExpiredTokenRestartsTheHarvestFromTheWatermark() throws Exception {
        try (FixtureServer server = new FixtureServer(uri -> uri.getQuery().contains("resumptionToken=old")
                ? Answer.ok(OaiStandIn.badResumptionToken())
                : Answer.ok(page(null, record("2608.00009", "2026-08-19", "cs.CL"))));
             SourceHarness h = SourceHarness.sqlite(home, "2026-08-21", toml(server))) {
            // the state a harvest killed long ago leaves: a cursor whose token the repository has forgotten
            h.app.database().jdbi().useHandle(hd -> {
                SourceStateStore.ensure(hd, "lab", "arxiv-oai");
                SourceStateStore.harvestProgress(hd, "lab", "cs\nold", "2026-08-17");
            });

            ImportReport report = h.runner.runNow("lab");

            assertThat(report.created()).isEqualTo(1);
            assertThat(server.requests()).containsExactly("/oai?verb=ListRecords&resumptionToken=old",
                    "/oai?verb=ListRecords&metadataPrefix=arXiv&from=2026-08-14&set=cs");
            assertThat(h.state("lab").watermark()).isEqualTo("2026-08-19");
            assertThat(h.state("lab").cursor()).isNull();
        }
    }
}
