package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;

class WebServerTest {

    private static final LocalDate NEWEST = LocalDate.parse("2026-08-21");

    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(s -> s.with(List.of(
            paper("2608.00001", "Second by votes", NEWEST, 10, "Alice A"),
            paper("2608.00002", "Top paper <script>alert(1)</script>", NEWEST, 99, "Bob \"B\" <b>"),
            paper("2608.00003", "Older day paper", NEWEST.minusDays(1), 500, "Carol C"),
            Paper.of("hep-th/9901001", 1, "Old style", "Strings.", List.of(Author.named("E. Witten")),
                    Instant.parse("1999-01-01T00:00:00Z")))));

    private final TestServer server = SERVER.get();

    private static Paper paper(String id, String title, LocalDate day, int upvotes, String author) {
        return Paper.of(id, 2, title, "An abstract about " + title + ".", List.of(Author.named(author)),
                        Instant.parse("2026-08-19T20:00:00Z"))
                .withListing(day, null)
                .withCommunity(new Organization("acme", "Acme Research", null), upvotes, 4, null, null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return server.get(path);
    }

    @Test
    void frontPageListsTheNewestDayRankedByUpvotes() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        String html = r.body();
        assertThat(html).contains("Friday, August 21, 2026").contains("Acme Research").contains("99")
                .contains("href=\"/papers/2608.00002\"").doesNotContain("Older day paper");
        assertThat(html.indexOf("2608.00002")).isLessThan(html.indexOf("2608.00001"));
    }

    @Test
    void userSuppliedTextIsEscaped() throws Exception {
        String html = get("/").body() + get("/papers/2608.00002").body();
        assertThat(html).doesNotContain("<script>alert(1)</script>").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void paperPageShowsEverything() throws Exception {
        HttpResponse<String> r = get("/papers/2608.00001");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Second by votes").contains("An abstract about Second by votes.")
                .contains("Alice A").contains("https://arxiv.org/abs/2608.00001").contains("2608.00001v2")
                .contains("https://arxiv.org/pdf/2608.00001").contains("Acme Research");
    }

    @Test
    void oldStyleIdsHaveTheirPage() throws Exception {
        HttpResponse<String> r = get("/papers/hep-th/9901001");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Old style").contains("E. Witten");
    }

    @Test
    void versionedIdsRedirectToThePaper() throws Exception {
        HttpResponse<String> r = get("/papers/2608.00001v2");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).contains("/papers/2608.00001");
    }

    @Test
    void unknownPapersAndPagesAre404Pages() throws Exception {
        for (String path : List.of("/papers/2608.99999", "/papers/not-an-id", "/papers/%3Cscript%3E", "/nowhere")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("Not found").contains("<html").doesNotContain("<script>");
        }
    }

    @Test
    void stylesheetIsServedLocally() throws Exception {
        HttpResponse<String> r = get("/static/site.css");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(".card {").contains("prefers-color-scheme: dark");
        assertThat(get("/").body()).doesNotContain("src=\"http").doesNotContain("href=\"http://")
                .contains("/static/site.css");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        for (String path : List.of("/", "/papers/trending", "/search?q=attention", "/feed.atom", "/api/daily_papers",
                "/papers/2405.15738", "/papers/2405.99999", "/nowhere", "/api/papers/2405.15738/nothing")) {
            HttpResponse<String> get = server.get(path);
            HttpResponse<String> head = server.head(path);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("Content-Type")).as(path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
    }
}
