package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * Comments from the paper page's forms and the JSON API, with escaping, CSRF and credentials. One server for the
 * class: each test comments on a paper of its own, as readers of their own.
 */
class CommentRoutesTest {

    static final String PASSWORD = TestServer.PASSWORD;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();
    private final String paper = SERVER.paper("2024-05-27");
    private final String ada = SERVER.name("ada");
    private final String bob = SERVER.name("bob");

    /** The paper page as this client sees it; writes reach it at once (the store tells the cache on commit). */
    private String paperPage(WebClient client) throws Exception {
        return client.get("/papers/" + paper).body();
    }

    @Test
    void previewRendersWithTheSameSanitiserAndPostsNothing() throws Exception {
        assertThat(paperPage(new WebClient(server))).contains("formaction=\"/comments/preview\"");
        String evil = "**bold** $x^2$ <script>alert(1)</script> [x](javascript:alert(2)) ![pic](https://example.org/a.png)";
        WebClient ada = server.signedIn(this.ada);
        for (WebClient who : new WebClient[] {new WebClient(server), ada}) { // a visitor may preview too
            String csrf = who == ada ? WebClient.csrfIn(paperPage(who)) : ""; // a visitor's form has an empty one
            HttpResponse<String> r = who.post("/comments/preview", Map.of("csrf", csrf, "paper", paper, "text", evil));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-store");
            String region = r.body().substring(r.body().indexOf("data-inline-result"), r.body().indexOf("<form class=\"comment-form"));
            assertThat(region).contains("<strong>bold</strong>").contains("$x^2$")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert")
                    .doesNotContain("javascript:").doesNotContain("<img")
                    .contains("<a rel=\"nofollow ugc\" href=\"https://example.org/a.png\">pic</a>");
            assertThat(r.body()).as("the form again, with the text, to post it")
                    .contains("<form class=\"comment-form stack\" method=\"post\" action=\"/comments\">")
                    .contains(">**bold** $x^2$ &lt;script&gt;");
        }
        assertThat(server.app.comments().forPaper(paper)).isEmpty();
        WebClient visitor = new WebClient(server);
        assertThat(visitor.post("/comments/preview", Map.of("csrf", "", "paper", paper, "text", "  ")).statusCode())
                .isEqualTo(400);
        assertThat(visitor.post("/comments/preview", Map.of("csrf", "", "paper", paper, "text", "x".repeat(10_001)))
                .statusCode()).isEqualTo(400);
        assertThat(visitor.post("/comments/preview", Map.of("csrf", "", "paper", "nonsense", "text", "hi")).statusCode())
                .isEqualTo(400);
        assertThat(visitor.post("/comments/preview", Map.of("csrf", "", "paper", "2405.99999", "text", "hi")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCommentAndAReplyFromTheFormsAreShownEscaped() throws Exception {
        WebClient ada = server.signedIn(this.ada);
        String csrf = WebClient.csrfIn(ada.get("/papers/" + paper).body());
        String evil = "Nice! <script>alert(1)</script> [x](javascript:alert(2)) \"><img src=x onerror=alert(3)>";
        HttpResponse<String> posted = ada.post("/comments", Map.of("csrf", csrf, "paper", paper, "text", evil));
        assertThat(posted.statusCode()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/papers/" + paper + "#c");
        String page = paperPage(ada);
        assertThat(page).contains("<a class=\"who\" href=\"/users/" + this.ada + "\">" + this.ada + "</a>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert").doesNotContain("javascript:").doesNotContain("<img src=x");
        String parent = location.substring(location.indexOf("#c") + 2);
        WebClient bob = server.signedIn(this.bob);
        assertThat(bob.post("/comments", Map.of("csrf", WebClient.csrfIn(bob.get("/").body()), "paper", paper,
                "parent", parent, "text", "**agreed**")).statusCode()).isEqualTo(303);
        assertThat(paperPage(bob)).contains("class=\"comment reply\"");
        assertThat(server.app.comments().forPaper(paper)).singleElement()
                .satisfies(c -> assertThat(c.replies()).hasSize(1));
    }

    @Test
    void visitorsAreSentToLogInAndMissingCsrfIs403() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> r = visitor.post("/comments", Map.of("csrf", "", "paper", paper, "text", "hi"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Log in to comment.");
        WebClient ada = server.signedIn(this.ada);
        assertThat(ada.post("/comments", Map.of("paper", paper, "text", "hi")).statusCode()).isEqualTo(403);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        assertThat(ada.post("/comments", Map.of("csrf", csrf, "paper", "' OR 1=1 --", "text", "hi")).statusCode())
                .isEqualTo(400);
        assertThat(ada.post("/comments", Map.of("csrf", csrf, "paper", paper, "parent", "1 OR 1=1", "text", "hi"))
                .statusCode()).isEqualTo(400);
        assertThat(ada.post("/comments", Map.of("csrf", csrf, "paper", paper, "text", "  ")).statusCode())
                .isEqualTo(400);
        assertThat(server.app.comments().forPaper(paper)).isEmpty();
    }

    @Test
    void theApiListsAndAddsCommentsWithABearerToken() throws Exception {
        long id = server.user(ada, false);
        String token = server.app.accounts().createToken(id, "test");
        int before = JSON.readTree(server.get("/api/papers/" + paper).body()).path("numComments").asInt();
        HttpResponse<String> created = post(token, "{\"text\": \"Hello *world* <b>x</b>\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode c = JSON.readTree(created.body());
        assertThat(c.path("user").asText()).isEqualTo(ada);
        assertThat(c.path("html").asText()).contains("<em>world</em>").contains("&lt;b&gt;");
        HttpResponse<String> reply = post(token, "{\"text\": \"a reply\", \"parentId\": " + c.path("id").asLong() + "}");
        assertThat(reply.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(reply.body()).path("parentId").asLong()).isEqualTo(c.path("id").asLong());
        JsonNode list = JSON.readTree(server.get("/api/papers/" + paper + "/comments").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("replies")).hasSize(1);
        assertThat(JSON.readTree(server.get("/api/papers/" + paper).body()).path("numComments").asInt())
                .isEqualTo(before + 2);

        assertThat(post(token, "not json").statusCode()).isEqualTo(400);
        assertThat(post(token, "{\"text\": 12}").statusCode()).isEqualTo(400);
        assertThat(post(token, "{\"text\": \"x\", \"parentId\": \"1 OR 1=1\"}").statusCode()).isEqualTo(400);
        assertThat(post(token, "{\"text\": \"x\", \"parentId\": 99999}").statusCode()).isEqualTo(400);
        assertThat(post(null, "{\"text\": \"x\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url("/api/papers/2405.99999/comments")))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/papers/" + paper + "/comments")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyTheAuthorSeesAndUsesTheDeleteButton() throws Exception {
        WebClient ada = server.signedIn(this.ada);
        WebClient bob = server.signedIn(this.bob);
        ada.post("/comments", Map.of("csrf", WebClient.csrfIn(ada.get("/").body()), "paper", paper,
                "text", "mine"));
        long id = server.app.comments().forPaper(paper).getFirst().id();
        assertThat(paperPage(ada)).contains("action=\"/comments/delete\"");
        assertThat(bob.get("/papers/" + paper).body()).contains("mine").doesNotContain("/comments/delete");
        assertThat(new WebClient(server).get("/papers/" + paper).body()).doesNotContain("/comments/delete");
        String bobCsrf = WebClient.csrfIn(bob.get("/").body());
        assertThat(bob.post("/comments/delete", Map.of("csrf", bobCsrf, "id", Long.toString(id))).statusCode())
                .isEqualTo(404);
        assertThat(ada.post("/comments/delete", Map.of("id", Long.toString(id))).statusCode()).isEqualTo(403);
        assertThat(ada.post("/comments/delete", Map.of("csrf", WebClient.csrfIn(ada.get("/").body()),
                "id", Long.toString(id))).statusCode()).isEqualTo(303);
        assertThat(server.app.comments().forPaper(paper)).isEmpty();
    }

    @Test
    void theApiEditsAndDeletesOnlyYourOwnComments() throws Exception {
        long ada = server.user(this.ada, false);
        long bob = server.user(this.bob, false);
        String adaToken = server.app.accounts().createToken(ada, "t");
        String bobToken = server.app.accounts().createToken(bob, "t");
        long id = JSON.readTree(post(adaToken, "{\"text\": \"first\"}").body()).path("id").asLong();
        assertThat(send("PATCH", id, bobToken, "{\"text\": \"hijacked\"}").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", id, bobToken, null).statusCode()).isEqualTo(404);
        HttpResponse<String> edited = send("PATCH", id, adaToken, "{\"text\": \"second\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(edited.body()).path("text").asText()).isEqualTo("second");
        assertThat(JSON.readTree(edited.body()).path("editedAt").isNull()).isFalse();
        assertThat(send("PATCH", id, adaToken, "{\"text\": 1}").statusCode()).isEqualTo(400);
        assertThat(send("DELETE", id, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> deleted = send("DELETE", id, adaToken, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(deleted.body()).path("deleted").asBoolean()).isTrue();
        assertThat(send("DELETE", id, adaToken, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, long id, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/comments/" + id)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminsHideAnyCommentAndTheActionIsLogged() throws Exception {
        String rootName = SERVER.name("root");
        server.user(rootName, true);
        WebClient ada = server.signedIn(this.ada);
        ada.post("/comments", Map.of("csrf", WebClient.csrfIn(ada.get("/").body()), "paper", paper,
                "text", "spam spam spam"));
        long id = server.app.comments().forPaper(paper).getFirst().id();
        assertThat(paperPage(ada)).doesNotContain("/admin/comments/hide");
        assertThat(ada.post("/admin/comments/hide", Map.of("csrf", WebClient.csrfIn(ada.get("/").body()),
                "id", Long.toString(id))).statusCode()).isEqualTo(403);
        WebClient root = new WebClient(server);
        root.login(rootName, PASSWORD);
        String page = root.get("/papers/" + paper).body();
        assertThat(page).contains("action=\"/admin/comments/hide\"");
        assertThat(root.post("/admin/comments/hide", Map.of("csrf", WebClient.csrfIn(page),
                "id", Long.toString(id))).statusCode()).isEqualTo(303);
        assertThat(server.app.comments().forPaper(paper)).isEmpty();
        assertThat(server.app.accounts().auditLog(5)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(rootName);
            assertThat(e.action()).isEqualTo("hide-comment");
        });
        assertThat(new WebClient(server).get("/papers/" + paper).body()).doesNotContain("spam spam");
    }
}
