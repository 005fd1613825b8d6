package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.Importer;
import papers.ingest.ImportReport;
import papers.paper.Paper;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;

class ArxivEnrichSourceTest {

    @TempDir
    Path home;

    private final List<Integer> idsPerRequest = new ArrayList<>();

    /** The arXiv API's Atom answer to {@code id_list}: every asked id but the last, with categories and a DOI. */
    private Answer answer(URI uri) {
        List<String> ids = List.of(Importer.queryParameters(uri).get("id_list").split(","));
        idsPerRequest.add(ids.size());
        StringBuilder feed = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\">");
        for (String id : ids.subList(0, ids.size() - 1)) {
            feed.append("<entry><id>http://arxiv.org/abs/").append(id).append("v2</id>")
                    .append("<published>2026-08-19T17:59:59Z</published><title>Title of ").append(id)
                    .append("</title><summary>Abstract of ").append(id).append(".</summary>")
                    .append("<author><name>Jane Doe</name></author>")
                    .append("<arxiv:comment xmlns:arxiv=\"http://arxiv.org/schemas/atom\">12 pages</arxiv:comment>")
                    .append("<arxiv:doi xmlns:arxiv=\"http://arxiv.org/schemas/atom\">10.1000/").append(id)
                    .append("</arxiv:doi><arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" ")
                    .append("term=\"cs.CL\"/><category term=\"cs.CL\"/><category term=\"cs.AI\"/></entry>");
        }
        feed.append("</feed>");
        return Answer.ok(feed.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The arXiv enrichment source of these tests, asking the stand-in {@code server}. */
    private static String sourcesToml(FixtureServer server) {
        return """
                [[source]]
                name = "details"
                kind = "arxiv-enrich"
                url = "%s"
                max_requests = 5
                """.formatted(server.url("/api/query"));
    }

    /** Papers 2608.00001 … listed from Hugging Face on 2026-08-20, without arXiv details. */
    private static List<Paper> listedWithoutDetails(int count) {
        List<Paper> listed = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            listed.add(Paper.of("2608.%05d".formatted(i), null, "HF title " + i, "HF abstract.",
                    List.of(papers.paper.Author.named("Jane Doe")), java.time.Instant.parse("2026-08-19T18:00:00Z"))
                    .withListing(java.time.LocalDate.parse("2026-08-20"), null));
        }
        return listed;
    }

    @Test
    void fillsArxivDetailsOfListedPapersAHundredIdsARequest() throws Exception {
        try (FixtureServer server = new FixtureServer(this::answer);
             SourceHarness h = SourceHarness.sqlite(home, "2026-08-21", sourcesToml(server))) {
            List<Paper> listed = listedWithoutDetails(150);
            listed.add(Paper.of("2608.09999", null, "Only harvested", "Not listed.", List.of(), null));
            h.app.papers().upsert(listed);

            ImportReport report = h.runner.runNow("details");

            assertThat(idsPerRequest).as("100, then the 50 left, then the 2 arXiv did not return: asked once")
                    .containsExactly(100, 50);
            assertThat(report.summaryLine()).isEqualTo("imported: 0 new, 148 updated, 0 unchanged, 0 rejected");
            Paper filled = h.app.papers().find("2608.00001").orElseThrow();
            assertThat(filled.categories()).containsExactly("cs.CL", "cs.AI");
            assertThat(filled.doi()).isEqualTo("10.1000/2608.00001");
            assertThat(filled.version()).isEqualTo(2);
            assertThat(filled.listedOn()).as("the listing stays").isEqualTo(java.time.LocalDate.parse("2026-08-20"));
            assertThat(h.app.papers().find("2608.09999").orElseThrow().categories()).as("not listed: not asked")
                    .isEmpty();
            assertThat(server.requests()).noneMatch(r -> r.contains("2608.09999"));
        }
    }

    @Test
    void aPaperArxivDoesNotReturnIsAskedAgainOnlyAfterAWaitThatDoubles() throws Exception {
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-08-21T12:00:00Z"));
        try (FixtureServer server = new FixtureServer(this::answer);
             SourceHarness h = new SourceHarness(papers.support.TestStores.sqliteConfig(home), clock, sourcesToml(server))) {
            List<Paper> listed = listedWithoutDetails(3);
            h.app.papers().upsert(listed);
            h.runner.runNow("details");
            assertThat(idsPerRequest).as("three asked, the last one not returned").containsExactly(3);
            assertThat(h.app.papers().find("2608.00003").orElseThrow().categories()).as("the one not returned")
                    .isEmpty();

            h.runner.runNow("details");
            assertThat(idsPerRequest).as("the same day: not asked again").containsExactly(3);
            clock.advance(java.time.Duration.ofDays(1).plusSeconds(1));
            h.runner.runNow("details");
            assertThat(idsPerRequest).as("a day later: asked, and missed again").containsExactly(3, 1);
            assertThat(server.requests().getLast()).contains("2608.00003").doesNotContain("2608.00001");
            clock.advance(java.time.Duration.ofDays(1).plusSeconds(1));
            h.runner.runNow("details");
            assertThat(idsPerRequest).as("the second wait is two days").containsExactly(3, 1);
            clock.advance(java.time.Duration.ofDays(1));
            h.runner.runNow("details");
            assertThat(idsPerRequest).containsExactly(3, 1, 1);
        }
    }
}
