package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.paper.Paper;
import papers.support.FixtureServer;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/**
 * Submitting papers through the form and the JSON API, with arXiv played by a local server answering with a real
 * arXiv API feed (fixture arxiv-api-query-deep-dream-start0.atom). The clock stands at 2016-12-20, so 1612.03659
 * (published 2016-12-12) is recent and 1611.09520 (2016-11-29) is too old.
 */
class SubmitRoutesTest {

    static final String PASSWORD = "correct horse battery";
    static final Instant NOW = Instant.parse("2016-12-20T12:00:00Z");
    static final String FRESH = "1612.03659";
    static final String FRESH_TITLE = "Unraveling reported dreams with text analytics";
    static final String OLD = "1611.09520";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FixtureServer arxiv;
    private TestServer server;
    private volatile Function<java.net.URI, FixtureServer.Answer> answer;

    static byte[] feed() throws Exception {
        return Files.readAllBytes(Fixtures.path("arxiv-api-query-deep-dream-start0.atom"));
    }

    /** Settings pointing submissions at {@code arxivUrl}, with no pause between arXiv requests. */
    static Config config(Path home, String arxivUrl, int dailyLimit) {
        Map<String, String> env = TestStores.sqlite(home);
        env.put("PAPERS_ARXIV_API_URL", arxivUrl);
        env.put("PAPERS_ARXIV_DELAY_MS", "0");
        env.put("PAPERS_SUBMIT_DAILY_LIMIT", Integer.toString(dailyLimit));
        return Config.from(env);
    }

    @BeforeEach
    void start() throws Exception {
        byte[] feed = feed();
        answer = uri -> FixtureServer.Answer.ok(feed);
        arxiv = new FixtureServer(uri -> answer.apply(uri));
        server = new TestServer(config(home, arxiv.url("/api/query"), 3), Clock.fixed(NOW, ZoneOffset.UTC))
                .importing("hf-daily", "hf-daily-papers-2024-05-27.json");
    }

    @AfterEach
    void stop() {
        server.close();
        arxiv.close();
    }

    private WebClient signedUp(String name) throws Exception {
        WebClient c = new WebClient(server);
        assertThat(c.signup(name, PASSWORD).statusCode()).isEqualTo(303);
        return c;
    }

    private HttpResponse<String> submitForm(WebClient c, String arxivId) throws Exception {
        return c.post("/submit", Map.of("csrf", c.csrf("/submit"), "arxivId", arxivId));
    }

    private String token(String name) {
        long id = server.app.accounts().findUser(name).orElseThrow().id();
        return server.app.accounts().createToken(id, "test");
    }

    private HttpResponse<String> submitApi(String token, String body) throws Exception {
        return new WebClient(server).postJson("/api/papers/submit", body, "Authorization", "Bearer " + token);
    }

    @Test
    void theFormListsARecentPaperOnTodaysFeedWithTheUserAsSubmitter() throws Exception {
        WebClient ada = signedUp("ada");
        HttpResponse<String> page = ada.get("/submit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"/submit\"").contains("within the last 14 days")
                .contains("href=\"/submit\""); // the header links to the form for signed-in users
        HttpResponse<String> r = submitForm(ada, "https://arxiv.org/abs/" + FRESH + "v1");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/papers/" + FRESH);
        assertThat(arxiv.requests()).singleElement().asString().contains("id_list=" + FRESH);

        Paper p = server.store.find(FRESH).orElseThrow();
        assertThat(p.title()).isEqualTo(FRESH_TITLE);
        assertThat(p.listedOn()).isEqualTo(LocalDate.parse("2016-12-20"));
        assertThat(p.submitter().name()).isEqualTo("ada");
        assertThat(ada.get("/papers/" + FRESH).body()).contains(FRESH_TITLE).contains("Submitted by");
        assertThat(ada.get("/papers/date/2016-12-20").body()).contains(FRESH_TITLE);
        assertThat(server.app.submissionStore().recentlySubmitted(
                server.app.accounts().findUser("ada").orElseThrow().id(), 10)).containsExactly(FRESH);
        String profile = new WebClient(server).get("/users/ada").body();
        assertThat(profile.substring(profile.indexOf("Submitted papers"), profile.indexOf("Upvoted papers")))
                .contains(FRESH_TITLE).contains("/papers/" + FRESH);
        assertThat(new WebClient(server).get("/users/bob").statusCode()).isEqualTo(404);
    }

    @Test
    void aPaperAlreadyListedSendsTheSubmitterToItWithoutAskingArxiv() throws Exception {
        WebClient ada = signedUp("ada");
        HttpResponse<String> r = submitForm(ada, "arXiv:2405.15738");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/papers/2405.15738");
        assertThat(arxiv.requests()).isEmpty();
        assertThat(server.store.find("2405.15738").orElseThrow().listedOn()).isEqualTo(LocalDate.parse("2024-05-27"));

        submitForm(ada, FRESH);
        WebClient bob = signedUp("bob");
        HttpResponse<String> again = submitForm(bob, FRESH);
        assertThat(again.headers().firstValue("Location")).hasValue("/papers/" + FRESH);
        assertThat(server.store.find(FRESH).orElseThrow().submitter().name()).isEqualTo("ada");
        assertThat(arxiv.requests()).hasSize(1);
    }

    @Test
    void eachRefusalIsShownOnTheFormWithItsStatus() throws Exception {
        WebClient ada = signedUp("ada");
        HttpResponse<String> old = submitForm(ada, OLD);
        assertThat(old.statusCode()).isEqualTo(422);
        assertThat(old.body()).contains("first published on arXiv on 2016-11-29")
                .contains("within the last 14 days").contains("value=\"" + OLD + "\"");

        HttpResponse<String> missing = submitForm(ada, "1612.99999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("arXiv has no paper 1612.99999");

        answer = uri -> new FixtureServer.Answer(500, null, "oops".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> broken = submitForm(ada, FRESH);
        assertThat(broken.statusCode()).isEqualTo(502);
        assertThat(broken.body()).contains("arXiv could not be reached");

        answer = uri -> FixtureServer.Answer.ok("<html>not a feed".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> garbled = submitForm(ada, FRESH);
        assertThat(garbled.statusCode()).isEqualTo(502);
        assertThat(garbled.body()).contains("could not be read");

        for (String evil : new String[] {"' OR '1'='1", FRESH + "'; DROP TABLE papers; --",
                "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../../etc/passwd", ""}) {
            HttpResponse<String> r = submitForm(ada, evil);
            assertThat(r.statusCode()).as(evil).isEqualTo(400);
            assertThat(r.body()).as(evil).doesNotContain("<script>alert").doesNotContain("<img src=x")
                    .contains("is not an arXiv id or link");
        }
        assertThat(server.store.find(FRESH)).isEmpty();
        assertThat(server.store.find(OLD)).isEmpty(); // a refused paper is not stored either
        assertThat(server.store.count()).isEqualTo(13);
    }

    @Test
    void anUnreachableArxivIsA502NotA500() throws Exception {
        FixtureServer gone = new FixtureServer(uri -> FixtureServer.Answer.ok(new byte[0]));
        String url = gone.url("/api/query");
        gone.close();
        server.close();
        server = new TestServer(config(home, url, 3), Clock.fixed(NOW, ZoneOffset.UTC));
        WebClient ada = signedUp("ada");
        HttpResponse<String> r = submitForm(ada, FRESH);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("arXiv could not be reached just now");
        HttpResponse<String> api = submitApi(token("ada"), "{\"arxivId\": \"" + FRESH + "\"}");
        assertThat(api.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(api.body()).path("error").asText()).contains("arXiv could not be reached");
    }

    @Test
    void visitorsAreSentToLogInAndFormsNeedTheirCsrfToken() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> page = visitor.get("/submit");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Fsubmit");
        assertThat(visitor.get("/").body()).doesNotContain("href=\"/submit\"");
        WebClient ada = signedUp("ada");
        assertThat(ada.post("/submit", Map.of("arxivId", FRESH)).statusCode()).isEqualTo(403);
        assertThat(ada.post("/submit", Map.of("csrf", "forged", "arxivId", FRESH)).statusCode()).isEqualTo(403);
        assertThat(server.store.find(FRESH)).isEmpty();
    }

    @Test
    void theDailyLimitIsA429WithRetryAfterUntilMidnight() throws Exception {
        WebClient ada = signedUp("ada");
        for (String id : new String[] {FRESH, "1612.03659", "arXiv:1612.03659"}) {
            submitForm(ada, id); // one paper three times: listed once, counts once
        }
        assertThat(server.app.submissionStore().countToday(server.app.accounts().findUser("ada").orElseThrow().id()))
                .isEqualTo(1);
        byte[] feed = feed();
        // Two more papers of the same feed, made recent by moving their dates (the rest of each entry is arXiv's).
        answer = uri -> FixtureServer.Answer.ok(new String(feed, StandardCharsets.UTF_8)
                .replace("2016-11-29T08:18:38Z", "2016-12-19T08:18:38Z")
                .replace("2016-08-11T11:51:21Z", "2016-12-18T11:51:21Z").getBytes(StandardCharsets.UTF_8));
        assertThat(submitForm(ada, OLD).statusCode()).isEqualTo(303);
        assertThat(submitApi(token("ada"), "{\"arxivId\": \"1608.03425\"}").statusCode()).isEqualTo(201);
        int requests = arxiv.requests().size();
        HttpResponse<String> refused = submitForm(ada, "1612.99999");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue(Long.toString(12 * 3600));
        assertThat(refused.body()).contains("daily limit");
        HttpResponse<String> api = submitApi(token("ada"), "{\"arxivId\": \"1612.99999\"}");
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(arxiv.requests()).as("a user over the limit costs arXiv nothing").hasSize(requests);
        // Another user is not limited by ada's submissions.
        WebClient bob = signedUp("bob");
        assertThat(submitForm(bob, "1612.99999").statusCode()).isEqualTo(404);
    }

    @Test
    void theApiAnswersWithThePaperInTheShapeOfApiPapersId() throws Exception {
        signedUp("ada");
        String token = token("ada");
        HttpResponse<String> created = submitApi(token, "{\"arxivId\": \"" + FRESH + "v1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/papers/" + FRESH);
        JsonNode paper = JSON.readTree(created.body());
        assertThat(paper.path("id").asText()).isEqualTo(FRESH);
        assertThat(paper.path("title").asText()).isEqualTo(FRESH_TITLE);
        assertThat(paper).isEqualTo(JSON.readTree(server.get("/api/papers/" + FRESH).body()));
        HttpResponse<String> again = submitApi(token, "{\"arxivId\": \"https://arxiv.org/pdf/" + FRESH + ".pdf\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("id").asText()).isEqualTo(FRESH);

        assertThat(JSON.readTree(submitApi(token, "{\"arxivId\": \"" + OLD + "\"}").body()).path("error").asText())
                .contains("within the last 14 days");
        assertThat(submitApi(token, "{\"arxivId\": \"1612.99999\"}").statusCode()).isEqualTo(404);
        for (String bad : new String[] {"not json", "[]", "{}", "{\"arxivId\": 1612}", "{\"arxivId\": null}"}) {
            HttpResponse<String> r = submitApi(token, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).contains("arxivId");
        }
        for (String evil : new String[] {"' OR 1=1 --", "1612.03659'); DELETE FROM submissions; --", "<script>"}) {
            HttpResponse<String> r = submitApi(token, JSON.writeValueAsString(Map.of("arxivId", evil)));
            assertThat(r.statusCode()).as(evil).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        }
        assertThat(server.app.submissionStore().recentlySubmitted(
                server.app.accounts().findUser("ada").orElseThrow().id(), 10)).containsExactly(FRESH);
    }

    @Test
    void theApiNeedsATokenOrASessionWithTheCsrfHeader() throws Exception {
        String body = "{\"arxivId\": \"" + FRESH + "\"}";
        assertThat(new WebClient(server).postJson("/api/papers/submit", body).statusCode()).isEqualTo(401);
        assertThat(submitApi("nonsense", body).statusCode()).isEqualTo(401);
        WebClient ada = signedUp("ada");
        assertThat(ada.postJson("/api/papers/submit", body).statusCode()).isEqualTo(403);
        assertThat(server.store.find(FRESH)).isEmpty();
        String csrf = ada.csrf("/submit");
        assertThat(ada.postJson("/api/papers/submit", body, "X-CSRF-Token", csrf).statusCode()).isEqualTo(201);
    }

    @Test
    void aTitleFullOfMarkupIsShownAsText() throws Exception {
        byte[] feed = feed();
        String evil = "<script>alert('t')</script> \"quoted\" <img src=x onerror=alert(1)> javascript:alert(2)";
        String xmlEscaped = evil.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        answer = uri -> FixtureServer.Answer.ok(new String(feed, StandardCharsets.UTF_8)
                .replace("<title>" + FRESH_TITLE + "</title>", "<title>" + xmlEscaped + "</title>")
                .getBytes(StandardCharsets.UTF_8));
        WebClient ada = signedUp("ada");
        assertThat(submitForm(ada, FRESH).statusCode()).isEqualTo(303);
        assertThat(server.store.find(FRESH).orElseThrow().title()).isEqualTo(evil);
        for (String path : new String[] {"/papers/" + FRESH, "/papers/date/2016-12-20", "/users/ada"}) {
            String html = ada.get(path).body();
            assertThat(html).as(path).doesNotContain("<script>alert").doesNotContain("<img src=x");
        }
        assertThat(ada.get("/papers/" + FRESH).body()).contains("&lt;script&gt;alert(");
        assertThat(ada.get("/users/ada").body()).contains("&lt;img src=x");
    }

    @Test
    void aPaperHiddenByTheAdminsCannotBeSubmittedAgain() throws Exception {
        long root = server.app.accounts().createUser("root", "root@example.org", PASSWORD, true).id();
        assertThat(server.app.moderation().hide(root, "2405.15738")).isTrue();
        signedUp("ada");
        HttpResponse<String> r = submitApi(token("ada"), "{\"arxivId\": \"2405.15738\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(r.body()).path("error").asText()).contains("hidden by the admins");
        assertThat(arxiv.requests()).isEmpty();
        assertThat(server.store.find("2405.15738")).isEmpty();
    }
}
