package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * {@code category=} and {@code has_code=true} on every surface that lists papers (list pages, trending, author and
 * organization pages, /my, feeds, search page, the JSON API's lists and search), and the "hide muted" switch.
 */
class FilterRoutesTest {

    static final String DAY = "2026-03-02";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The class's tests only read, but for their own readers' mutes and follows. */
    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(s -> s.with(papers()));

    private final TestServer server = SERVER.get();

    static List<Paper> papers() {
        Organization acme = new Organization("acme", "Acme Labs", null);
        return List.of(
                paper("2603.00001", 40, "Transformer parsing", "Ada", List.of("cs.CL"), "https://github.com/a/a")
                        .withOrganization(acme),
                paper("2603.00002", 30, "Transformer vision", "Bob", List.of("cs.CV"), null).withOrganization(acme),
                paper("2603.00003", 20, "Transformer language models", "Cy", List.of("cs.CL", "cs.LG"), null)
                        .withOrganization(acme),
                paper("2603.00004", 10, "Transformer kernels", "Di", List.of(), "https://github.com/d/d"));
    }

    static Paper paper(String id, int upvotes, String title, String author, List<String> categories, String repo) {
        return Paper.of(id, 1, title, "An abstract about " + title.toLowerCase() + ".", List.of(Author.named(author)),
                        Instant.parse("2026-03-01T10:00:00Z"))
                .withListing(LocalDate.parse(DAY), null)
                .withCommunity(null, upvotes, 0, null, null)
                .withLinks(repo, null, null)
                .withArxivDetails(categories, null, null, null);
    }

    static List<String> apiIds(HttpResponse<String> r) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : JSON.readTree(r.body())) {
            ids.add(item.path("paper").path("id").asText());
        }
        return ids;
    }

    @Test
    void theApiListFiltersByCategoryAndCodeAndRefusesUnknownCategories() throws Exception {
        String base = "/api/daily_papers?date=" + DAY;
        assertThat(apiIds(server.get(base + "&category=cs.CL"))).containsExactly("2603.00001", "2603.00003");
        assertThat(apiIds(server.get(base + "&category=CS.cl&has_code=true"))).containsExactly("2603.00001");
        assertThat(apiIds(server.get(base + "&has_code=true"))).containsExactly("2603.00001", "2603.00004");
        assertThat(apiIds(server.get(base))).hasSize(4); // the unfiltered answer is cached apart
        HttpResponse<String> unknown = server.get(base + "&category=cs.XY");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("category: 'cs.XY' is not an arXiv category");
        HttpResponse<String> real = server.get(base + "&category=math.AG"); // real, but no paper here has it
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(real.body()).isEqualTo("[]");
        assertThat(server.get(base + "&has_code=maybe").body()).contains("has_code: must be true or false");
        assertThat(apiIds(server.get("/api/daily_papers?sort=trending&category=cs.CV"))).containsExactly("2603.00002");
    }

    @Test
    void theApiSearchFilters() throws Exception {
        assertThat(apiIds(server.get("/api/papers/search?q=transformer&category=cs.CL")))
                .containsExactlyInAnyOrder("2603.00001", "2603.00003");
        assertThat(apiIds(server.get("/api/papers/search?q=transformer&has_code=true")))
                .containsExactlyInAnyOrder("2603.00001", "2603.00004");
        assertThat(server.get("/api/papers/search?q=transformer&category=bogus").statusCode()).isEqualTo(400);
    }

    @Test
    void listPagesTrendingAndTheSearchPageFilterAndKeepTheFilterInTheirLinks() throws Exception {
        String page = server.get("/papers/date/" + DAY + "?category=cs.CL").body();
        assertThat(ForYouRoutesTest.cards(page)).containsExactly("2603.00001", "2603.00003");
        assertThat(page).contains("name=\"category\" value=\"cs.CL\"")
                .contains("href=\"/papers/date/" + DAY + "/feed.atom?category=cs.CL\"");
        assertThat(ForYouRoutesTest.cards(server.get("/papers/date/" + DAY).body())).hasSize(4);
        assertThat(ForYouRoutesTest.cards(server.get("/papers/week/2026-W10?has_code=true").body()))
                .containsExactly("2603.00001", "2603.00004");
        assertThat(ForYouRoutesTest.cards(server.get("/papers/trending?category=cs.LG").body()))
                .containsExactly("2603.00003");
        assertThat(server.get("/papers/date/" + DAY + "?category=math.AG").body())
                .contains("No papers of this period match the filter.");
        HttpResponse<String> bad = server.get("/papers/date/" + DAY + "?category=nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'nope' is not an arXiv category");

        String search = server.get("/search?q=transformer&has_code=true").body();
        assertThat(search).contains("/papers/2603.00001").contains("/papers/2603.00004")
                .doesNotContain("/papers/2603.00002").doesNotContain("/papers/2603.00003");
        assertThat(search).contains("name=\"has_code\" value=\"true\" checked");
    }

    @Test
    void feedsFilterAndAreCachedPerFilter() throws Exception {
        String filtered = server.get("/papers/date/" + DAY + "/feed.atom?category=cs.CV").body();
        assertThat(filtered).contains("2603.00002").doesNotContain("2603.00001").doesNotContain("2603.00003");
        String all = server.get("/papers/date/" + DAY + "/feed.atom").body();
        assertThat(all).contains("2603.00001").contains("2603.00002").contains("2603.00004");
        assertThat(server.get("/papers/trending/feed.rss?has_code=true").body())
                .contains("2603.00004").doesNotContain("2603.00002");
        assertThat(server.get("/feed.rss?category=x.y").statusCode()).isEqualTo(400);
    }

    @Test
    void hideMutedLeavesOutTheViewersMutedPapersOnlyForThem() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        String settings = ada.get("/for-you/settings").body();
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "author", "value", "Bob"));
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "category", "value", "cs.lg"));
        String path = "/papers/date/" + DAY;
        assertThat(ForYouRoutesTest.cards(ada.get(path + "?hide_muted=1").body()))
                .containsExactly("2603.00001", "2603.00004");
        assertThat(ada.get(path + "?hide_muted=1").body()).contains("name=\"hide_muted\" value=\"1\" checked");
        assertThat(ForYouRoutesTest.cards(ada.get(path).body())).hasSize(4); // only when asked
        assertThat(ForYouRoutesTest.cards(new WebClient(server).get(path + "?hide_muted=1").body())).hasSize(4);
        assertThat(ForYouRoutesTest.cards(ada.get("/papers/trending?hide_muted=1&has_code=true").body()))
                .containsExactly("2603.00001", "2603.00004");
    }

    @Test
    void authorPagesAndTheirFeedsFilterAndSayWhenTheFilterLeavesNothing() throws Exception {
        assertThat(ForYouRoutesTest.cards(server.get("/authors/Ada?category=cs.CL").body()))
                .containsExactly("2603.00001");
        assertThat(ForYouRoutesTest.cards(server.get("/authors/Ada?has_code=true").body()))
                .containsExactly("2603.00001");
        HttpResponse<String> none = server.get("/authors/Ada?category=cs.CV"); // a real category Ada has no paper in
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(ForYouRoutesTest.cards(none.body())).isEmpty();
        assertThat(none.body()).contains("No papers by Ada match the filter.")
                .contains("name=\"category\" value=\"cs.CV\"");
        assertThat(server.get("/authors/Nobody?category=cs.CL").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = server.get("/authors/Ada?category=cs.XY");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("category: 'cs.XY' is not an arXiv category");
        assertThat(server.get("/authors/Bob/feed.atom?category=cs.CV").body()).contains("2603.00002");
        HttpResponse<String> emptyFeed = server.get("/authors/Bob/feed.atom?has_code=true");
        assertThat(emptyFeed.statusCode()).isEqualTo(200);
        assertThat(emptyFeed.body()).doesNotContain("2603.00002");
        assertThat(server.get("/authors/Bob/feed.atom?category=nope").statusCode()).isEqualTo(400);
    }

    @Test
    void organizationPagesAndTheirFeedsFilter() throws Exception {
        assertThat(ForYouRoutesTest.cards(server.get("/orgs/acme").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00002", "2603.00003");
        assertThat(ForYouRoutesTest.cards(server.get("/orgs/acme?category=cs.CL").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00003");
        String code = server.get("/orgs/acme?has_code=true").body();
        assertThat(ForYouRoutesTest.cards(code)).containsExactly("2603.00001");
        assertThat(code).contains("href=\"/orgs/acme/feed.atom?has_code=true\"");
        String none = server.get("/orgs/acme?category=math.AG").body();
        assertThat(ForYouRoutesTest.cards(none)).isEmpty();
        assertThat(none).contains("No papers from Acme Labs match the filter.");
        assertThat(server.get("/orgs/acme?category=bogus").statusCode()).isEqualTo(400);
        String feed = server.get("/orgs/acme/feed.atom?category=cs.CV").body();
        assertThat(feed).contains("2603.00002").doesNotContain("2603.00001").doesNotContain("2603.00003");
    }

    @Test
    void authorAndOrganizationPagesHideTheViewersMutedPapersWhenAsked() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        String settings = ada.get("/for-you/settings").body();
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "word", "value", "vision"));
        assertThat(ForYouRoutesTest.cards(ada.get("/orgs/acme?hide_muted=1").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00003");
        assertThat(ForYouRoutesTest.cards(ada.get("/orgs/acme").body())).hasSize(3);
        assertThat(ForYouRoutesTest.cards(new WebClient(server).get("/orgs/acme?hide_muted=1").body())).hasSize(3);
        HttpResponse<String> bob = ada.get("/authors/Bob?hide_muted=1");
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(ForYouRoutesTest.cards(bob.body())).isEmpty();
        assertThat(bob.body()).contains("No papers by Bob match the filter.");
    }

    @Test
    void myFeedFiltersByCategoryCodeAndMutes() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        for (String who : List.of("Ada", "Cy", "Di")) {
            ada.post("/follow", Map.of("csrf", ada.csrf("/authors/" + who), "kind", "author", "target", who,
                    "on", "1"));
        }
        assertThat(ForYouRoutesTest.cards(ada.get("/my").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00003", "2603.00004");
        assertThat(ForYouRoutesTest.cards(ada.get("/my?category=cs.CL").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00003");
        String code = ada.get("/my?has_code=true").body();
        assertThat(ForYouRoutesTest.cards(code)).containsExactlyInAnyOrder("2603.00001", "2603.00004");
        assertThat(code).contains("name=\"has_code\" value=\"true\" checked");
        String settings = ada.get("/for-you/settings").body();
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "category", "value", "cs.LG"));
        assertThat(ForYouRoutesTest.cards(ada.get("/my?hide_muted=1").body()))
                .containsExactlyInAnyOrder("2603.00001", "2603.00004");
        String none = ada.get("/my?category=math.AG").body();
        assertThat(ForYouRoutesTest.cards(none)).isEmpty();
        assertThat(none).contains("None of the papers of the authors and organizations you follow matches the filter.");
        assertThat(ada.get("/my?category=nope").statusCode()).isEqualTo(400);
    }

    @Test
    void theSearchPageHidesTheViewersMutedPapersInsideTheIndex() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        String settings = ada.get("/for-you/settings").body();
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "author", "value", "Bob"));
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "word", "value", "Kernels"));
        String hidden = ada.get("/search?q=transformer&hide_muted=1").body();
        assertThat(ForYouRoutesTest.cards(hidden)).containsExactlyInAnyOrder("2603.00001", "2603.00003");
        assertThat(hidden).contains("2 papers").contains("name=\"hide_muted\" value=\"1\" checked");
        assertThat(ForYouRoutesTest.cards(ada.get("/search?q=transformer").body())).hasSize(4);
        assertThat(ForYouRoutesTest.cards(new WebClient(server).get("/search?q=transformer&hide_muted=1").body()))
                .hasSize(4); // a visitor has no mutes
    }
}
