package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.support.Fixtures;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/** Finding 5 of the security review: inputs that answered 500 answer 4xx with a message, and imports are cleaned. */
class HostileInputTest {

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aQueryOfManyShortWordsIsRefusedWithA400() throws Exception {
        // 250 words on the page; the API takes 250 characters, so 120 one-letter words there
        for (String url : new String[] {"/search?q=" + encode("a1 b2 c3 d4 e5 ".repeat(50)),
                "/api/papers/search?q=" + encode("a b c d ".repeat(30))}) {
            String path = url.substring(0, url.indexOf('?'));
            HttpResponse<String> r = server.get(url);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).contains("words");
        }
    }

    @Test
    void anOutOfRangeDigestDateIsA400() throws Exception {
        for (String date : new String[] {"-999999999-01-01", "+999999999-12-31", "0000-01-01"}) {
            HttpResponse<String> r = server.get("/digest/preview?date=" + encode(date));
            assertThat(r.statusCode()).as(date).isEqualTo(400);
            assertThat(r.body()).contains("date");
        }
    }

    @Test
    void controlCharactersAreRefusedAtTheEdge() throws Exception {
        WebClient client = new WebClient(server);
        assertThat(client.get("/search?q=" + encode("trans\u0000former")).statusCode()).isEqualTo(400);
        assertThat(client.get("/api/daily_papers?submitter=" + encode("x\u0000")).statusCode()).isEqualTo(400);
        assertThat(client.get("/users/" + encode("bob\u0000")).statusCode()).isEqualTo(400);
        HttpResponse<String> signup = client.post("/signup", Map.of("csrf", client.csrf("/signup"),
                "username", "nul", "email", "nul\u0000@example.org", "password", "correct horse battery"));
        assertThat(signup.statusCode()).isEqualTo(400);
        assertThat(signup.body()).contains("control character");
        var user = server.app.accounts().createUser("nulbot", "nulbot@example.org", "correct horse battery", false);
        String token = server.app.accounts().createToken(user.id(), "bot");
        HttpResponse<String> json = client.postJson("/api/papers/2405.15738/comments", "{\"body\":\"hi\\u0000\"}",
                "Authorization", "Bearer " + token);
        assertThat(json.statusCode()).isEqualTo(400);
        // ordinary line breaks and tabs in a form's text stay allowed
        assertThat(client.get("/search?q=" + encode("vision\ttransformer")).statusCode()).isEqualTo(200);
    }

    @Test
    void controlCharactersInImportedTextAreStrippedSoFeedsStillWork(@TempDir Path home) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode days = (ArrayNode) json.readTree(Fixtures.path("hf-daily-papers-2024-05-27.json").toFile());
        ObjectNode first = (ObjectNode) days.get(0);
        ((ObjectNode) first.get("paper")).put("title", "Bell\u0001 and \uFFFF tab");
        first.put("title", "Bell\u0001 and \uFFFF tab");
        ((ObjectNode) first.get("paper")).put("upvotes", 100_000);
        Path file = home.resolve("control.json");
        Files.writeString(file, json.writeValueAsString(days));
        server.app.importer().run(ImportFormat.fromName("hf-daily"), file.toString(), 0, ImportProgress.NONE);
        server.searchable();
        String id = first.get("paper").get("id").asText();
        assertThat(server.store.find(id).orElseThrow().title()).isEqualTo("Bell and tab");
        for (String feed : new String[] {"/feed.atom", "/feed.rss", "/papers/trending/feed.atom"}) {
            HttpResponse<String> r = server.get(feed);
            assertThat(r.statusCode()).as(feed).isEqualTo(200);
            assertThat(r.body()).contains("Bell and tab");
        }
    }
}
