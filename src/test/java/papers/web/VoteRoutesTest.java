package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * Upvotes from the HTML form and the JSON API, with their security rules. One server for the class: each test signs
 * up its own readers and counts from the paper's count when it starts (imported with 32 upvotes).
 */
class VoteRoutesTest {

    static final String PAPER = "2405.15738";

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();
    private final int before = upvotes();

    private long user(String name) {
        return server.user(name, false);
    }

    private int upvotes() {
        return server.store.find(PAPER).orElseThrow().upvotes();
    }

    @Test
    void theFormOnTheListTogglesAVoteAndGoesBack() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        String page = ada.get("/papers/date/2024-05-27").body();
        assertThat(page).contains("action=\"/upvote\"").doesNotContain("name=\"csrf\" value=\"\"");
        String csrf = WebClient.csrfIn(page);
        HttpResponse<String> voted = ada.post("/upvote", Map.of("csrf", csrf, "paper", PAPER),
                "Referer", server.url("/papers/date/2024-05-27?page=1"));
        assertThat(voted.statusCode()).isEqualTo(303);
        assertThat(voted.headers().firstValue("Location")).hasValue("/papers/date/2024-05-27?page=1#p-" + PAPER);
        assertThat(upvotes()).isEqualTo(before + 1);
        ada.post("/upvote", Map.of("csrf", csrf, "paper", PAPER));
        assertThat(upvotes()).isEqualTo(before);
    }

    @Test
    void anonymousPagesCarryNoTokenAndAVisitorsVoteAsksToLogIn() throws Exception {
        WebClient visitor = new WebClient(server);
        assertThat(visitor.get("/papers/" + PAPER).body()).contains("name=\"csrf\" value=\"\"");
        HttpResponse<String> r = visitor.post("/upvote", Map.of("csrf", "", "paper", PAPER));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Log in to upvote."); // SignInWallTest follows it through
        assertThat(upvotes()).isEqualTo(before);
    }

    @Test
    void aFormVoteWithoutTheCsrfTokenIs403() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        assertThat(ada.post("/upvote", Map.of("paper", PAPER)).statusCode()).isEqualTo(403);
        assertThat(ada.post("/upvote", Map.of("csrf", "", "paper", PAPER)).statusCode()).isEqualTo(403);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        for (String evil : new String[] {"' OR '1'='1", PAPER + "'; DELETE FROM votes; --", "<script>"}) {
            HttpResponse<String> r = ada.post("/upvote", Map.of("csrf", csrf, "paper", evil));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("<script>");
        }
        assertThat(upvotes()).isEqualTo(before);
    }

    @Test
    void refererPointingElsewhereNeverRedirectsOffSite() {
        assertThat(VoteRoutes.back("https://evil.example/x", PAPER)).isEqualTo("/x");
        assertThat(VoteRoutes.back("//evil.example/x", PAPER)).isEqualTo("/x");
        assertThat(VoteRoutes.back("http://127.0.0.1//evil.example/x", PAPER)).isEqualTo("/papers/" + PAPER);
        assertThat(VoteRoutes.back(null, PAPER)).isEqualTo("/papers/" + PAPER);
        assertThat(VoteRoutes.back("not a uri %%", PAPER)).isEqualTo("/papers/" + PAPER);
    }

    @Test
    void theApiVotesWithABearerTokenAndIsIdempotent() throws Exception {
        long id = user(SERVER.name("ada"));
        String token = server.app.accounts().createToken(id, "test");
        WebClient api = new WebClient(server);
        String path = "/api/papers/" + PAPER + "/upvote";
        HttpResponse<String> on = api.send("POST", path, "Authorization", "Bearer " + token);
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).isEqualTo("{\"upvotes\":" + (before + 1) + ",\"upvoted\":true}");
        assertThat(api.send("POST", path, "Authorization", "Bearer " + token).body())
                .isEqualTo("{\"upvotes\":" + (before + 1) + ",\"upvoted\":true}");
        assertThat(api.send("DELETE", path, "Authorization", "Bearer " + token).body())
                .isEqualTo("{\"upvotes\":" + before + ",\"upvoted\":false}");
        assertThat(api.send("DELETE", path, "Authorization", "Bearer " + token).body())
                .isEqualTo("{\"upvotes\":" + before + ",\"upvoted\":false}");
        HttpResponse<String> missing = api.send("POST", "/api/papers/2405.99999/upvote",
                "Authorization", "Bearer " + token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\"");
        server.app.accounts().ban(id, null);
        assertThat(api.send("POST", path, "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
        assertThat(upvotes()).isEqualTo(before);
    }

    @Test
    void theApiRefusesMissingOrBadCredentials() throws Exception {
        WebClient api = new WebClient(server);
        String path = "/api/papers/" + PAPER + "/upvote";
        HttpResponse<String> none = api.send("POST", path);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).startsWith("{\"error\":");
        assertThat(api.send("POST", path, "Authorization", "Bearer ' OR '1'='1").statusCode()).isEqualTo(401);
        assertThat(api.send("POST", path, "Authorization", "Basic YWRhOnB3").statusCode()).isEqualTo(401);
        assertThat(api.send("POST", "/api/papers/' OR 1=1 --/upvote".replace(" ", "%20"),
                "Authorization", "Bearer x").statusCode()).isEqualTo(401);
        // a session needs the CSRF header
        WebClient ada = server.signedIn(SERVER.name("ada"));
        assertThat(ada.send("POST", path).statusCode()).isEqualTo(403);
        assertThat(ada.send("POST", path, "X-CSRF-Token", "forged").statusCode()).isEqualTo(403);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        HttpResponse<String> ok = ada.send("POST", path, "X-CSRF-Token", csrf);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"upvoted\":true");
        assertThat(upvotes()).isEqualTo(before + 1);
    }

    @Test
    void aReimportKeepsLocalVotesOnTopOfTheImportedCount() throws Exception {
        long id = user(SERVER.name("ada"));
        server.app.votes().vote(id, PAPER, true);
        assertThat(upvotes()).isEqualTo(before + 1);
        server.importing("hf-daily", "hf-daily-papers-2024-05-27.json"); // Hugging Face still says 32
        assertThat(upvotes()).isEqualTo(before + 1);
        server.app.votes().vote(id, PAPER, false);
        assertThat(upvotes()).isEqualTo(before);
    }

    @Test
    void theCachedPageShowsTheNewCount() throws Exception {
        WebClient visitor = new WebClient(server);
        assertThat(visitor.get("/papers/" + PAPER).body()).contains("title=\"" + before + " upvotes\"");
        long id = user(SERVER.name("ada"));
        server.app.votes().vote(id, PAPER, true);
        // At once: the vote's commit tells this process's cache, no waiting for its poll of the change log.
        assertThat(visitor.get("/papers/" + PAPER).body()).contains("title=\"" + (before + 1) + " upvotes\"");
    }

    @Test
    void eachViewerSeesOnlyTheirOwnVotesMarked() throws Exception {
        WebClient ada = server.signedIn(SERVER.name("ada"));
        WebClient bob = server.signedIn(SERVER.name("bob"));
        String pressed = "value=\"" + PAPER + "\"><button type=\"submit\" aria-pressed=\"true\"";
        String list = "/papers/date/2024-05-27";
        ada.post("/upvote", Map.of("csrf", WebClient.csrfIn(ada.get(list).body()), "paper", PAPER));
        assertThat(ada.get(list).body()).contains(pressed);
        assertThat(ada.get("/papers/" + PAPER).body()).contains(pressed);
        assertThat(bob.get(list).body()).doesNotContain(pressed).doesNotContain("aria-pressed=\"true\"");
        assertThat(new WebClient(server).get(list).body()).doesNotContain("aria-pressed=\"true\"");
    }

    @Test
    void theProfilePageListsTheUsersUpvotes() throws Exception {
        String name = SERVER.name("ada");
        long id = user(name);
        server.app.votes().vote(id, PAPER, true);
        String title = server.store.find(PAPER).orElseThrow().title();
        HttpResponse<String> page = server.get("/users/" + name.toUpperCase(java.util.Locale.ROOT));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>" + name + "</h1>").contains(title.replace("&", "&amp;"))
                .doesNotContain(name + "@example.org");
        HttpResponse<String> missing = server.get("/users/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("<script>alert");
        server.app.accounts().ban(id, null);
        assertThat(server.get("/users/" + name).statusCode()).isEqualTo(404);
    }
}
