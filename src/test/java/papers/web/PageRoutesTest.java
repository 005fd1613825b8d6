package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.PaperStore;
import papers.support.TestStores;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;

/** The list pages over real imported days, plus a synthetic busy Monday after an empty weekend. */
class PageRoutesTest {

    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(
            Clock.fixed(Instant.parse("2026-08-25T12:00:00Z"), ZoneOffset.UTC), s -> s
                    .importing("hf-daily", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2024-05-27.json")
                    .with(mondayPapers()));

    private final TestServer server = SERVER.get();

    /** 35 papers (more than a page) listed on Monday 2026-08-24, after an empty weekend. */
    private static List<Paper> mondayPapers() {
        List<Paper> monday = new ArrayList<>();
        for (int i = 1; i <= 35; i++) {
            monday.add(Paper.of(String.format("2608.3%04d", i), null, "Monday paper " + i, "About thing " + i + ".",
                            List.of(Author.named("Ada Lovelace"), Author.named("Author " + i)),
                            Instant.parse("2026-08-22T10:00:00Z"))
                    .withListing(LocalDate.parse("2026-08-24"), null)
                    .withCommunity(null, i, 0, null, null));
        }
        return monday;
    }

    private static List<String> paperIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<h2 id=\"t-\\d+\"[^>]*><a href=\"/papers/([^\"]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void dayPageRanksByUpvotesAndStepsOverTheWeekend() throws Exception {
        HttpResponse<String> r = server.get("/papers/date/2026-08-21");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = paperIds(r.body());
        assertThat(ids).hasSize(17).startsWith("2608.19880", "2608.18580", "2608.20335");
        assertThat(r.body()).contains("Friday, August 21, 2026").contains("17 papers")
                .contains("rel=\"next\" href=\"/papers/date/2026-08-24\"")
                .contains("rel=\"prev\" href=\"/papers/date/2024-05-27\"")
                .contains("<link rel=\"alternate\" type=\"application/atom+xml\"");
        assertThat(server.get("/papers/date/2026-08-24").body())
                .contains("rel=\"prev\" href=\"/papers/date/2026-08-21\"")
                .doesNotContainPattern("rel=\"next\" href=\"/papers/date/[0-9-]+\"");
    }

    @Test
    void frontPageIsTheNewestDay() throws Exception {
        String html = server.get("/").body();
        assertThat(html).contains("Monday, August 24, 2026").contains("35 papers");
        assertThat(paperIds(html)).first().isEqualTo("2608.30035");
    }

    @Test
    void listsPaginateAtThirtyWithoutJavaScript() throws Exception {
        String first = server.get("/papers/date/2026-08-24").body();
        assertThat(paperIds(first)).hasSize(30).first().isEqualTo("2608.30035");
        assertThat(first).contains("Page 1 of 2").contains("href=\"/papers/date/2026-08-24?page=2\"");
        String second = server.get("/papers/date/2026-08-24?page=2").body();
        assertThat(paperIds(second)).containsExactly("2608.30005", "2608.30004", "2608.30003", "2608.30002",
                "2608.30001");
        assertThat(second).contains("Page 2 of 2").contains("<ol class=\"cards\" start=\"31\">");
        assertThat(paperIds(server.get("/papers/date/2026-08-24?page=9").body())).isEmpty();
        for (String bad : List.of("?page=0", "?page=-1", "?page=two", "?page=99999999999")) {
            HttpResponse<String> r = server.get("/papers/date/2026-08-24" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("page must be a number");
        }
    }

    @Test
    void weekAndMonthListsRankAcrossTheirDays() throws Exception {
        String week = server.get("/papers/week/2026-W35").body(); // Aug 24 to 30
        assertThat(week).contains("Week 35 of 2026").contains("35 papers")
                .contains("rel=\"prev\" href=\"/papers/week/2026-W34\"");
        String month = server.get("/papers/month/2026-08").body();
        assertThat(month).contains("August 2026").contains("52 papers");
        assertThat(paperIds(month)).first().isEqualTo("2608.19880"); // 163 upvotes beats Monday's 35
        assertThat(month).contains("rel=\"prev\" href=\"/papers/month/2024-05\"");
        assertThat(server.get("/papers/week").statusCode()).isEqualTo(302);
        assertThat(server.get("/papers/week").headers().firstValue("Location")).contains("/papers/week/2026-W35");
        assertThat(server.get("/papers/month").headers().firstValue("Location")).contains("/papers/month/2026-08");
    }

    @Test
    void emptyPeriodsHaveAnEmptyStateAndBadKeysA400() throws Exception {
        HttpResponse<String> empty = server.get("/papers/date/2025-01-01");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("No papers were listed on this day");
        for (String path : List.of("/papers/date/2026-13-45", "/papers/date/yesterday", "/papers/week/2026-W60",
                "/papers/month/2026-00", "/papers/date/%3Cscript%3E")) {
            HttpResponse<String> r = server.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("Bad request").doesNotContain("<script>");
        }
    }

    @Test
    void trendingDecaysVotesByAge() throws Exception {
        // Now is 2026-08-25 12:00: Monday's papers are 36 h old, Friday's 108 h. 35 / 38^1.8 = 0.049 beats
        // 163 / 110^1.8 = 0.035, so Monday's best leads; Friday's best comes before Monday's weaker ones.
        List<String> ids = paperIds(server.get("/papers/trending").body());
        assertThat(ids).startsWith("2608.30035", "2608.30034", "2608.30033");
        assertThat(ids.indexOf("2608.19880")).isBetween(3, 29);
        assertThat(ids).doesNotContain("2405.15738"); // 2024 is far outside the trending window
    }

    @Test
    void authorAndOrganizationPagesListNewestFirst() throws Exception {
        HttpResponse<String> author = server.get("/authors/Ada%20Lovelace");
        assertThat(author.statusCode()).isEqualTo(200);
        assertThat(author.body()).contains("Ada Lovelace").contains("35 papers").contains("Page 1 of 2");
        HttpResponse<String> org = server.get("/orgs/google");
        assertThat(org.statusCode()).isEqualTo(200);
        assertThat(org.body()).contains("Google").contains("2608.19880");
        assertThat(server.get("/orgs/no-such-org").statusCode()).isEqualTo(404);
        assertThat(server.get("/authors/Nobody%20Here").statusCode()).isEqualTo(404);
    }

    @Test
    void paperPageLinksAuthorsOrganizationAndSources() throws Exception {
        String html = server.get("/papers/2608.19880").body();
        assertThat(html).contains("EnvHarness: Awakening Static Worlds for Agent Learning")
                .contains("href=\"/authors/Chengsong%20Huang\"").contains("href=\"/orgs/google\"")
                .contains("https://arxiv.org/abs/2608.19880").contains("https://arxiv.org/pdf/2608.19880")
                .contains("https://github.com/google-research/envharness").contains("8 stars")
                .contains("https://envharness.com/").contains("AI summary").contains("EnvRigger")
                .contains("163");
        assertThat(server.get("/papers/2608.19880v3").headers().firstValue("Location"))
                .contains("/papers/2608.19880");
    }

    @Test
    void paperPageShowsTheListingsExtrasAsTextAndLinks() throws Exception {
        String html = server.get("/papers/2608.20281").body();
        // Media: plain links to Hugging Face's copies, never an image or video this page loads.
        assertThat(html).contains("<a href=\"https://cdn-uploads.huggingface.co/production/uploads/642f6c64f945a8a5c9ee5b5d/"
                        + "Qx1_0iZ0RmlluIVHoyYZN.png\" rel=\"nofollow noopener\">Image 1 (png)</a>")
                .contains(">Image 2 (png)</a>")
                .doesNotContain("<img src=\"https://cdn-uploads").doesNotContain("<video")
                .contains("Summary by thinkingmachines/Inkling-Small");
        assertThat(server.get("/papers/2608.19880").body()).contains("code link added by a member");
        assertThat(server.get("/papers/2405.15738").body()).as("the 2024 shape has none of them")
                .doesNotContain("Summary by").doesNotContain("code link").doesNotContain("<dt>Media</dt>");
    }

    @Test
    void paperAsMarkdown() throws Exception {
        HttpResponse<String> md = server.get("/papers/2608.19880.md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("markdown"));
        assertThat(md.body()).startsWith("# EnvHarness: Awakening Static Worlds for Agent Learning\n")
                .contains("**Authors:** Chengsong Huang, Zifeng Wang").contains("- arXiv: https://arxiv.org/abs/2608.19880")
                .contains("## Abstract");
        assertThat(server.get("/papers/2608.99999.md").statusCode()).isEqualTo(404);
    }

    @Test
    void aWriteByAnotherProcessIsVisibleAfterTheFollowersNextPoll() throws Exception {
        String before = server.get("/papers/date/2026-08-21").body();
        assertThat(before).doesNotContain("Edited elsewhere");
        // A second connection pool on the same SQLite file stands in for `bin/papers import` run beside the server.
        try (Database other = Database.open(TestStores.sqliteConfig(SERVER.home()))) {
            PaperStore elsewhere = new PaperStore(other);
            Paper p = elsewhere.find("2608.13210").orElseThrow();
            elsewhere.upsert(List.of(Paper.of(p.id(), 2, "Edited elsewhere", p.abstractText(), p.authors(),
                    p.publishedAt())));
        }
        // Nothing in this process was told: the change log is. The follower's thread reads it every 250 ms; here
        // the test runs that read itself, so the check does not depend on the machine's speed.
        server.app.changeFollower().poll();
        assertThat(server.get("/papers/date/2026-08-21").body()).contains("Edited elsewhere");
    }

    @Test
    void aChangeInTheStoreIsVisibleAtOnce() throws Exception {
        String before = server.get("/papers/date/2024-05-27").body();
        assertThat(paperIds(before)).first().isEqualTo("2405.15738");
        Paper lowest = server.store.find("2405.15125").orElseThrow();
        server.store.upsert(List.of(lowest.withCommunity(lowest.organization(), 500, 0, null, null)));
        String after = server.get("/papers/date/2024-05-27").body();
        assertThat(paperIds(after)).first().isEqualTo("2405.15125");
        assertThat(after).contains("500");
    }
}
