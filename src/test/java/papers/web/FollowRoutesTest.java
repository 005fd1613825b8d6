package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.community.Follow;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * Following authors and organizations from their pages, /my and the JSON API, with their security rules. One server
 * for the class: follows belong to a reader, and each test has readers of its own.
 */
class FollowRoutesTest {

    static final String PASSWORD = "correct horse battery";
    static final String EVIL = "<script>alert(1)</script>\" onmouseover=\"x";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(Clock.fixed(NOW, ZoneOffset.UTC), s -> s.with(papers()));

    private final TestServer server = SERVER.get();
    private final String adaName = SERVER.name("ada");
    private final String bobName = SERVER.name("bob");
    /** 31 papers by Tri Dao (one more than a page), two from Google, one by an author with a hostile name. */
    static List<Paper> papers() {
        List<Paper> papers = new ArrayList<>();
        for (int i = 1; i <= 31; i++) {
            papers.add(paper(String.format("2601.%05d", i), i, null, "Tri Dao", "Albert Gu"));
        }
        papers.add(paper("2602.00001", 40, "google", "Noam Shazeer"));
        papers.add(paper("2602.00002", 41, "google", "Tri Dao"));
        papers.add(paper("2602.00003", 42, null, EVIL));
        return papers;
    }

    static Paper paper(String id, int day, String org, String... authors) {
        return Paper.of(id, 1, "Title " + id, "Abstract of " + id, java.util.Arrays.stream(authors).map(Author::named)
                                .toList(), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(day * 86_400L))
                .withListing(LocalDate.parse("2026-03-01"), null)
                .withCommunity(org == null ? null : new Organization(org, "Google", null), 0, 0, null, null);
    }

    private long userId(String name) {
        return server.app.accounts().findUser(name).orElseThrow().id();
    }

    private static String button(boolean following) {
        return following ? FollowButton.FOLLOWING : FollowButton.NOT_FOLLOWING;
    }

    @Test
    void theAuthorPageFollowsAndUnfollowsAndShowsEachViewerTheirOwnState() throws Exception {
        WebClient ada = server.signedIn(adaName);
        WebClient bob = server.signedIn(bobName);
        WebClient visitor = new WebClient(server);
        String page = "/authors/Tri%20Dao";
        assertThat(visitor.get(page).body()).contains(button(false)).contains("name=\"target\" value=\"Tri Dao\"");
        String html = ada.get(page).body();
        assertThat(html).contains(button(false)).contains("href=\"/my\"");
        HttpResponse<String> followed = ada.post("/follow", Map.of("csrf", WebClient.csrfIn(html), "kind", "author",
                "target", "Tri Dao", "on", "1"), "Referer", server.url(page + "?page=2"));
        assertThat(followed.statusCode()).isEqualTo(303);
        assertThat(followed.headers().firstValue("Location")).contains(page + "?page=2");
        assertThat(server.app.follows().follows(userId(adaName), Follow.Kind.AUTHOR, "Tri Dao")).isTrue();
        // The cached page stays anonymous: only ada sees Unfollow.
        assertThat(ada.get(page).body()).contains(button(true)).doesNotContain(button(false));
        assertThat(bob.get(page).body()).contains(button(false)).doesNotContain(button(true));
        assertThat(visitor.get(page).body()).contains(button(false)).doesNotContain(button(true));
        // Pressing it twice (two tabs) follows once; on=0 unfollows.
        ada.post("/follow", Map.of("csrf", WebClient.csrfIn(html), "kind", "author", "target", "Tri Dao", "on", "1"));
        assertThat(server.app.follows().following(userId(adaName))).hasSize(1);
        HttpResponse<String> unfollowed = ada.post("/follow", Map.of("csrf", WebClient.csrfIn(html), "kind", "author",
                "target", "Tri Dao", "on", "0"));
        assertThat(unfollowed.statusCode()).isEqualTo(303);
        assertThat(unfollowed.headers().firstValue("Location")).contains(page);
        assertThat(ada.get(page).body()).contains(button(false));
        assertThat(server.app.follows().following(userId(adaName))).isEmpty();
    }

    @Test
    void theOrganizationPageHasTheButtonToo() throws Exception {
        WebClient ada = server.signedIn(adaName);
        String html = ada.get("/orgs/google").body();
        assertThat(html).contains("name=\"kind\" value=\"organization\"").contains(button(false));
        ada.post("/follow", Map.of("csrf", WebClient.csrfIn(html), "kind", "organization", "target", "google",
                "on", "1"));
        assertThat(ada.get("/orgs/google").body()).contains(button(true));
        assertThat(ada.get("/authors/Tri%20Dao").body()).as("another page's button").contains(button(false));
    }

    @Test
    void refusesVisitorsMissingCsrfAndUnknownTargets() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> r = visitor.post("/follow", Map.of("csrf", "", "kind", "author", "target", "Tri Dao",
                "on", "1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Log in to follow.");
        WebClient ada = server.signedIn(adaName);
        assertThat(ada.post("/follow", Map.of("kind", "author", "target", "Tri Dao", "on", "1")).statusCode())
                .isEqualTo(403);
        assertThat(ada.post("/follow", Map.of("csrf", "forged", "kind", "author", "target", "Tri Dao", "on", "1"))
                .statusCode()).isEqualTo(403);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        HttpResponse<String> unknown = ada.post("/follow", Map.of("csrf", csrf, "kind", "author",
                "target", "Nobody' OR '1'='1", "on", "1"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No papers by an author called");
        assertThat(ada.post("/follow", Map.of("csrf", csrf, "kind", "organization", "target", "<script>x</script>",
                "on", "1")).body()).contains("&lt;script&gt;x").doesNotContain("<script>x");
        assertThat(ada.post("/follow", Map.of("csrf", csrf, "kind", "user", "target", "Tri Dao", "on", "1"))
                .statusCode()).isEqualTo(400);
        assertThat(ada.post("/follow", Map.of("csrf", csrf, "kind", "author", "target", "Tri Dao", "on", "yes"))
                .statusCode()).isEqualTo(400);
        assertThat(ada.post("/follow", Map.of("csrf", csrf, "kind", "author", "on", "1")).statusCode()).isEqualTo(400);
        assertThat(server.app.follows().following(userId(adaName))).isEmpty();
    }

    @Test
    void hostileAuthorNamesStayEscapedInTheButtonAndOnMy() throws Exception {
        WebClient ada = server.signedIn(adaName);
        String page = "/authors/" + ListView.encode(EVIL);
        String html = ada.get(page).body();
        assertThat(html).doesNotContain("<script>alert")
                .contains("name=\"target\" value=\"&lt;script>alert(1)&lt;/script>&#34; onmouseover=&#34;x\">");
        ada.post("/follow", Map.of("csrf", WebClient.csrfIn(html), "kind", "author", "target", EVIL, "on", "1"));
        assertThat(ada.get(page).body()).contains(button(true));
        String my = ada.get("/my").body();
        assertThat(my).contains("2602.00003").doesNotContain(EVIL).doesNotContain("<script>alert");
    }

    @Test
    void myFeedListsWhatTheViewerFollowsThirtyAPage() throws Exception {
        assertThat(new WebClient(server).get("/my").headers().firstValue("Location")).hasValue("/login?next=%2Fmy");
        WebClient ada = server.signedIn(adaName);
        HttpResponse<String> empty = ada.get("/my");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("You follow no one yet").contains("press Follow");
        server.app.follows().follow(userId(adaName), Follow.Kind.AUTHOR, "Tri Dao");
        server.app.follows().follow(userId(adaName), Follow.Kind.ORGANIZATION, "google");
        String first = ada.get("/my").body();
        // 31 + 2 from Google (one of them his): 33 papers, the newest first.
        assertThat(first).contains("33 papers from the authors and organizations you follow")
                .contains("Page 1 of 2").contains("href=\"/my?page=2\"")
                .doesNotContain("name=\"csrf\" value=\"\"");
        assertThat(first.indexOf("2602.00002")).isPositive().isLessThan(first.indexOf("2602.00001"));
        assertThat(first).doesNotContain("arXiv 2601.00001<").doesNotContain("2602.00003");
        assertThat(first).contains("name=\"target\" value=\"Tri Dao\"><input type=\"hidden\" name=\"on\" value=\"0\">")
                .contains("Unfollow");
        String second = ada.get("/my?page=2").body();
        assertThat(second).contains("arXiv 2601.00001<").contains("Page 2 of 2");
        assertThat(ada.get("/my?page=0").statusCode()).isEqualTo(400);
        assertThat(first).doesNotContain("/my/feed.atom");
        // Nobody else sees ada's feed.
        WebClient bob = server.signedIn(bobName);
        assertThat(bob.get("/my").body()).contains("You follow no one yet").doesNotContain("2602.00002");
    }

    @Test
    void theApiFollowsWithATokenOrASessionAndCsrfHeader() throws Exception {
        long ada = server.user(adaName, false);
        String token = server.app.accounts().createToken(ada, "test");
        WebClient api = new WebClient(server);
        String bearer = "Bearer " + token;
        HttpResponse<String> on = api.send("POST", "/api/authors/Tri%20Dao/follow", "Authorization", bearer);
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(on.body())).isEqualTo(JSON.readTree(
                "{\"kind\":\"author\",\"target\":\"Tri Dao\",\"following\":true}"));
        assertThat(api.send("POST", "/api/orgs/google/follow", "Authorization", bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> list = api.get("/api/me/following", "Authorization", bearer);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Cache-Control")).contains("private, no-store");
        JsonNode following = JSON.readTree(list.body());
        assertThat(following).hasSize(2);
        assertThat(following.get(0).path("kind").asText()).isEqualTo("author");
        assertThat(following.get(0).path("target").asText()).isEqualTo("Tri Dao");
        assertThat(Instant.parse(following.get(0).path("since").asText())).isEqualTo(NOW);
        assertThat(following.get(1).path("target").asText()).isEqualTo("google");
        HttpResponse<String> off = api.send("DELETE", "/api/orgs/google/follow", "Authorization", bearer);
        assertThat(off.body()).contains("\"following\":false");
        assertThat(api.send("DELETE", "/api/orgs/google/follow", "Authorization", bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = api.send("POST", "/api/orgs/nope/follow", "Authorization", bearer);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("{\"error\":");
        // Without credentials: 401; a session needs the CSRF header to write, not to read.
        assertThat(api.send("POST", "/api/authors/Tri%20Dao/follow").statusCode()).isEqualTo(401);
        assertThat(api.get("/api/me/following").statusCode()).isEqualTo(401);
        WebClient bob = server.signedIn(bobName);
        assertThat(bob.send("POST", "/api/authors/Tri%20Dao/follow").statusCode()).isEqualTo(403);
        String csrf = WebClient.csrfIn(bob.get("/").body());
        assertThat(bob.send("POST", "/api/authors/Tri%20Dao/follow", "X-CSRF-Token", csrf).statusCode())
                .isEqualTo(200);
        assertThat(JSON.readTree(bob.get("/api/me/following").body()).get(0).path("target").asText())
                .isEqualTo("Tri Dao");
        server.app.accounts().ban(ada, null);
        assertThat(api.get("/api/me/following", "Authorization", bearer).statusCode()).isEqualTo(401);
    }

    @Test
    void followsAreRateLimitedPerUser() throws Exception {
        long ada = server.user(adaName, false);
        String bearer = "Bearer " + server.app.accounts().createToken(ada, "test");
        WebClient api = new WebClient(server);
        int last = 0;
        for (int i = 0; i < 61; i++) {
            last = api.send(i % 2 == 0 ? "POST" : "DELETE", "/api/authors/Tri%20Dao/follow", "Authorization", bearer)
                    .statusCode();
        }
        assertThat(last).isEqualTo(429);
    }
}
