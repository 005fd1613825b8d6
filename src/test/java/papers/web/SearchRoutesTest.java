package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import papers.paper.Author;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;

/**
 * The search page, the search and similar-papers API and the paper page's similar papers, over the 51 seed papers
 * and the 17 of 2026-08-21 (real data), with real embeddings.
 */
class SearchRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(s -> s
            .importing("hf-daily", "seed-papers.jsonl", "hf-daily-papers-2026-08-21.json")
            .embedAll());

    private final TestServer server = SERVER.get();

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> paperLinks(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<h2 id=\"t-\\d+\"[^>]*><a href=\"/papers/([^\"]+)\">").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void everyPageHasASearchBoxInItsHeaderButTheSearchPageHasOnlyItsOwn() throws Exception {
        for (String path : List.of("/", "/papers/trending", "/papers/2608.19880")) {
            String html = server.get(path).body();
            assertThat(html).as(path).contains("<form class=\"header-search\" action=\"/search\" method=\"get\" role=\"search\"");
        }
        String search = server.get("/search?q=agents").body();
        assertThat(search).doesNotContain("class=\"header-search\"").containsOnlyOnce("type=\"search\"")
                .contains("<h1>Results for “agents”</h1>");
    }

    @Test
    void aSurnameAndATopicFindTheAuthorsPaperAndOfferTheirPage() throws Exception {
        String html = server.get("/search?q=" + q("shen attention layers")).body();
        assertThat(paperLinks(html)).first().isEqualTo("2406.15786");
        assertThat(html).contains("Papers by <a href=\"/authors/Zheyu%20Shen\">Zheyu Shen</a>");
        assertThat(server.get("/search?q=" + q("attention layers")).body()).doesNotContain("Papers by");
    }

    @Test
    void emptySearchPageSuggestsWhatToTry() throws Exception {
        HttpResponse<String> r = server.get("/search");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Search papers").contains("author:").contains("org:");
        assertThat(paperLinks(r.body())).isEmpty();
    }

    @Test
    void aDescriptionFindsThePaperWithHighlightedMatches() throws Exception {
        HttpResponse<String> r = server.get("/search?q=" + q("dropping attention layers from a large language model"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(paperLinks(r.body()).subList(0, 3)).contains("2406.15786");
        assertThat(r.body()).contains("<mark>").contains("best match first");
        assertThat(r.body()).as("the query is echoed into the boxes")
                .contains("value=\"dropping attention layers from a large language model\"");
    }

    @Test
    void anArxivIdOrLinkGoesStraightToThePaper() throws Exception {
        for (String text : List.of("2406.15786", "2406.15786v2", "https://arxiv.org/abs/2406.15786",
                "arxiv.org/pdf/2406.15786v1")) {
            HttpResponse<String> r = server.get("/search?q=" + q(text));
            assertThat(r.statusCode()).as(text).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(text).contains("/papers/2406.15786");
        }
    }

    @Test
    void filtersAndSortsNarrowAndOrderTheResults() throws Exception {
        String html = server.get("/search?q=" + q("models") + "&min_upvotes=50&sort=upvotes").body();
        List<String> ids = paperLinks(html);
        assertThat(ids).isNotEmpty();
        List<Integer> upvotes = ids.stream().map(id -> server.store.find(id).orElseThrow().upvotes()).toList();
        assertThat(upvotes).allSatisfy(u -> assertThat(u).isGreaterThanOrEqualTo(50));
        assertThat(upvotes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(html).contains("<option value=\"upvotes\" selected>");

        List<String> google = paperLinks(server.get("/search?q=" + q("agents") + "&org=google").body());
        assertThat(google).isNotEmpty().allSatisfy(id -> assertThat(
                server.store.find(id).orElseThrow().organization().name()).isEqualTo("google"));

        List<String> dated = paperLinks(server.get("/search?q=" + q("transformer") + "&from=2024-06-01&to=2024-06-30")
                .body());
        assertThat(dated).contains("2406.15786").allSatisfy(id -> assertThat(
                server.store.find(id).orElseThrow().listedOn().toString()).startsWith("2024-06"));
    }

    @Test
    void filtersAloneListPapers() throws Exception {
        List<String> ids = paperLinks(server.get("/search?min_upvotes=100&sort=upvotes").body());
        assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(server.store.find(id).orElseThrow().upvotes())
                .isGreaterThanOrEqualTo(100));
    }

    @Test
    void nothingFoundSaysWhatToTry() throws Exception {
        HttpResponse<String> r = server.get("/search?q=" + q("transformer") + "&min_upvotes=100000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Nothing matches").contains("without filters");
        assertThat(paperLinks(r.body())).isEmpty();
    }

    @Test
    void resultsArePaginated() throws Exception {
        String first = server.get("/search?q=" + q("model") + "&sort=date").body();
        String second = server.get("/search?q=" + q("model") + "&sort=date&page=2").body();
        assertThat(paperLinks(first)).hasSize(SearchRoutes.PAGE_SIZE);
        assertThat(paperLinks(second)).isNotEmpty().doesNotContainAnyElementsOf(paperLinks(first));
        assertThat(first).contains("rel=\"next\" href=\"/search?q=model&amp;sort=date&amp;page=2\"");
    }

    @Test
    void badFiltersAre400WithTheReason() throws Exception {
        assertThat(server.get("/search?q=a&from=yesterday").statusCode()).isEqualTo(400);
        assertThat(server.get("/search?q=a&from=yesterday").body()).contains("from must be a date");
        assertThat(server.get("/search?q=a&min_upvotes=lots").statusCode()).isEqualTo(400);
        assertThat(server.get("/search?q=a&sort=random").body()).contains("sort must be");
        assertThat(server.get("/search?q=a&from=2025-01-02&to=2025-01-01").statusCode()).isEqualTo(400);
        assertThat(server.get("/search?q=a&page=0").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unbalanced quote", "(brackets", "brackets)]", "-", "*:*", "title:[a TO", "emoji 🤖 agents",
            "control\u0001chars\u0007", "a AND OR NOT", "\\", "~2^3", "<script>alert(1)</script>"})
    void oddQueriesGetResultsOrA400NeverA500(String text) throws Exception {
        // Odd syntax is read as words; no words at all, or control characters (InputGuard), are a 400.
        int expected = Set.of("-", "*:*", "\\", "control\u0001chars\u0007").contains(text) ? 400 : 200;
        HttpResponse<String> page = server.get("/search?q=" + q(text));
        assertThat(page.statusCode()).as(text).isEqualTo(expected);
        assertThat(page.body()).as(text).contains("</html>").doesNotContain("<script>alert");
        HttpResponse<String> api = server.get("/api/papers/search?q=" + q(text));
        assertThat(api.statusCode()).as(text).isEqualTo(expected);
        assertThat(api.body()).as(text).matches(api.statusCode() == 200 ? "(?s)^\\[.*\\]$" : "(?s)^\\{\"error\":.*");
    }

    @Test
    void aHugeQueryIsA400() throws Exception {
        String huge = "attention ".repeat(1_000);
        assertThat(server.get("/search?q=" + q(huge)).statusCode()).isEqualTo(400);
        HttpResponse<String> api = server.get("/api/papers/search?q=" + q(huge));
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"error\"").contains("q:");
    }

    @Test
    void apiSearchReturnsDailyPapersItemsBestFirst() throws Exception {
        JsonNode items = JSON.readTree(server.get("/api/papers/search?q="
                + q("dropping attention layers from a large language model")).body());
        assertThat(items.isArray()).isTrue();
        assertThat(items.size()).isBetween(3, 20);
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("paper").path("id").asText()));
        assertThat(ids.subList(0, 3)).contains("2406.15786");
        JsonNode first = items.get(0);
        assertThat(first.path("paper").has("authors")).isTrue();
        assertThat(first.has("title")).isTrue();
        assertThat(first.has("numComments")).isTrue();
        assertThat(JSON.readTree(server.get("/api/papers/search?q=model&limit=3").body()).size()).isEqualTo(3);
        assertThat(JSON.readTree(server.get("/api/papers/search?q=model&limit=120").body()).size()).isBetween(21, 120);
    }

    @Test
    void apiSearchChecksItsParameters() throws Exception {
        assertThat(server.get("/api/papers/search?q=model&limit=0").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/papers/search?q=model&limit=121").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/papers/search?q=model&limit=ten").body()).contains("limit:");
        assertThat(server.get("/api/papers/search?q=" + "a".repeat(251)).body()).contains("250");
        assertThat(server.get("/api/papers/search?q=" + "a".repeat(250)).statusCode()).isEqualTo(200);
    }

    @Test
    void apiSimilarListsTheNearestOtherPapers() throws Exception {
        JsonNode items = JSON.readTree(server.get("/api/papers/2410.19123v1/similar?limit=4").body());
        assertThat(items.size()).isEqualTo(4);
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("paper").path("id").asText()));
        assertThat(ids).doesNotContain("2410.19123").doesNotHaveDuplicates();
        assertThat(JSON.readTree(server.get("/api/papers/2410.19123/similar").body()).size()).isEqualTo(10);
        assertThat(server.get("/api/papers/2410.99999/similar").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/papers/2410.19123/similar?limit=0").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/papers/2410.19123/similars").statusCode()).isEqualTo(404);
    }

    @Test
    void paperPageListsSimilarPapers() throws Exception {
        String html = server.get("/papers/2410.19123").body();
        assertThat(html).contains("Similar papers");
        Matcher m = Pattern.compile("<ol class=\"similar\">(.*?)</ol>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1).split("<li>")).hasSize(PageRoutes.SIMILAR + 1);
        assertThat(m.group(1)).doesNotContain("href=\"/papers/2410.19123\"");
    }

    @Test
    void anImportedPaperIsFoundAfterTheFollowersNextPoll() throws Exception {
        Paper fresh = Paper.of("2611.00042", 1, "Zyxwvut quasicrystal sonification benchmark",
                "We sonify quasicrystals.", List.of(Author.named("Ada Example")), Instant.parse("2026-11-01T00:00:00Z"));
        server.store.upsert(List.of(fresh)); // no catch-up of the index: it must follow the change log
        server.app.changeFollower().poll(); // what the follower's thread does at once (woken by the write), here
        JsonNode items = JSON.readTree(server.get("/api/papers/search?q=zyxwvut").body());
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("paper").path("id").asText()).isEqualTo("2611.00042");
    }

    @Test
    void importedTitlesAreEscapedInResults() throws Exception {
        Paper evil = Paper.of("2611.00066", 1, "Qwertyzap <script>alert(1)</script> \"quoted\"",
                "Abstract <img src=x onerror=alert(2)>.", List.of(Author.named("Eve <b>")),
                Instant.parse("2026-11-01T00:00:00Z"));
        server.with(List.of(evil));
        String html = server.get("/search?q=qwertyzap").body();
        assertThat(paperLinks(html)).contains("2611.00066");
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x").doesNotContain("<b>");
        assertThat(html).contains("&lt;script&gt;");
    }
}
