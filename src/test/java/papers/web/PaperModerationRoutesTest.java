package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/** Admins hide and unhide papers from the paper page; a hidden paper is gone for everyone else. */
class PaperModerationRoutesTest {

    static final String PASSWORD = "correct horse battery";
    static final String PAPER = "2405.15738";

    /** One server for the class; a test that hides the paper shows it again, and each has its own accounts. */
    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();
    private final String title = server.store.find(PAPER).orElseThrow().title();
    private final String adaName = SERVER.name("ada");

    private WebClient admin() throws Exception {
        String name = SERVER.name("root");
        server.user(name, true);
        WebClient root = new WebClient(server);
        assertThat(root.login(name, PASSWORD).statusCode()).isEqualTo(303);
        return root;
    }

    /** Whether the paper shows on its page, the API, its day's page and JSON, search and the day's feed. */
    private java.util.List<Boolean> visibility(WebClient who) throws Exception {
        String search = "/search?q=" + URLEncoder.encode(title, StandardCharsets.UTF_8);
        server.searchable();
        boolean page = who.get("/papers/" + PAPER).statusCode() == 200;
        boolean api = server.get("/api/papers/" + PAPER).statusCode() == 200;
        boolean day = who.get("/papers/date/2024-05-27").body().contains("/papers/" + PAPER + "\"");
        boolean daily = server.get("/api/daily_papers?date=2024-05-27").body().contains("\"" + PAPER + "\"");
        boolean found = who.get(search).body().contains("/papers/" + PAPER + "\"");
        boolean feed = server.get("/papers/date/2024-05-27/feed.atom").body().contains(PAPER);
        return java.util.List.of(page, api, day, daily, found, feed);
    }

    @Test
    void anAdminHidesAPaperFromEveryListAndShowsItAgain() throws Exception {
        WebClient root = admin();
        WebClient ada = server.signedIn(adaName);
        assertThat(visibility(ada)).containsOnly(true);
        String page = root.get("/papers/" + PAPER).body();
        assertThat(page).contains("action=\"/admin/papers/hide\"");
        assertThat(ada.get("/papers/" + PAPER).body()).doesNotContain("/admin/papers/");

        HttpResponse<String> hidden = root.post("/admin/papers/hide",
                Map.of("csrf", WebClient.csrfIn(page), "paper", PAPER));
        assertThat(hidden.statusCode()).isEqualTo(303);
        assertThat(hidden.headers().firstValue("Location")).hasValue("/papers/" + PAPER);
        assertThat(visibility(ada)).containsOnly(false);
        assertThat(visibility(new WebClient(server))).containsOnly(false);
        assertThat(server.get("/api/papers/" + PAPER).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/papers/" + PAPER + "/comments").statusCode()).isEqualTo(404);

        // Nor can it be upvoted or commented on (a hidden paper is no paper to the API).
        long adaId = server.app.accounts().findUser(adaName).orElseThrow().id();
        String token = server.app.accounts().createToken(adaId, "test");
        assertThat(ada.postJson("/api/papers/" + PAPER + "/upvote", "", "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(404);
        assertThat(ada.postJson("/api/papers/" + PAPER + "/comments", "{\"text\": \"hi\"}",
                "Authorization", "Bearer " + token).statusCode()).isEqualTo(404);
        HttpResponse<String> adminView = root.get("/papers/" + PAPER);
        assertThat(adminView.statusCode()).isEqualTo(200);
        assertThat(adminView.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(adminView.body()).contains("An admin hid this paper").contains("action=\"/admin/papers/unhide\"");
        assertThat(root.get("/admin/users").body()).contains("hide-paper").contains("paper:" + PAPER);

        assertThat(root.post("/admin/papers/unhide", Map.of("csrf", WebClient.csrfIn(adminView.body()),
                "paper", PAPER)).statusCode()).isEqualTo(303);
        assertThat(visibility(ada)).containsOnly(true);
        assertThat(server.app.accounts().auditLog(5)).extracting(papers.community.AuditEntry::action)
                .containsSequence("unhide-paper", "hide-paper");
    }

    @Test
    void onlyAdminsWithTheirCsrfTokenHidePapers() throws Exception {
        WebClient ada = server.signedIn(adaName);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        assertThat(ada.post("/admin/papers/hide", Map.of("csrf", csrf, "paper", PAPER)).statusCode()).isEqualTo(403);
        assertThat(new WebClient(server).post("/admin/papers/hide", Map.of("paper", PAPER)).statusCode())
                .isEqualTo(403);
        WebClient root = admin();
        assertThat(root.post("/admin/papers/hide", Map.of("paper", PAPER)).statusCode()).isEqualTo(403);
        String token = WebClient.csrfIn(root.get("/").body());
        for (String evil : new String[] {"' OR '1'='1", PAPER + "'; UPDATE papers SET hidden_at = 'x'; --", ""}) {
            assertThat(root.post("/admin/papers/hide", Map.of("csrf", token, "paper", evil)).statusCode())
                    .as(evil).isEqualTo(400);
        }
        assertThat(root.post("/admin/papers/hide", Map.of("csrf", token, "paper", "2405.99999")).statusCode())
                .isEqualTo(404);
        assertThat(root.post("/admin/papers/unhide", Map.of("csrf", token, "paper", PAPER)).statusCode())
                .as("not hidden").isEqualTo(404);
        assertThat(server.store.find(PAPER)).isPresent();
        assertThat(server.store.listedOn(java.time.LocalDate.parse("2024-05-27"), 100, 0)).hasSize(13);
    }
}
