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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.digest.Digest;
import papers.digest.DigestComposer;
import papers.digest.DigestPeriod;
import papers.digest.Frequency;
import papers.digest.Subscription;
import papers.paper.Paper;
import papers.recommend.Library;
import papers.recommend.Recommender;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.EveryStore;
import papers.support.WebClient;

/**
 * "For you" over HTTP on the real papers of 2026-08-21, with embeddings set by hand so the right answer is known:
 * three vision papers share a direction, four code-agent papers another, two speech papers a third, the rest are
 * orthogonal. First visit, picks, ranking with reasons, dismissal, saves and their exports, mutes, library import,
 * the trending fallback, and the digest ranking as the site does.
 */
class ForYouRoutesTest extends EveryStore {

    static final Instant NOW = Instant.parse("2026-08-24T07:00:00Z");
    static final String PASSWORD = "correct horse battery";
    static final List<String> VISION = List.of("2608.20335", "2608.20336", "2608.14022");
    static final List<String> CODE = List.of("2608.19880", "2608.18580", "2608.19799", "2608.19854");
    static final List<String> SPEECH = List.of("2608.19936", "2608.19863");
    static final Pattern CARD = Pattern.compile("<h2 id=\"t-\\d+\"[^>]*><a href=\"/papers/([0-9.]+)\">");
    private static final ObjectMapper JSON = new ObjectMapper();

    TestServer server;

    /** SQLite and PostgreSQL: a fresh store of the class's kind for each test. */
    private papers.Config config() {
        return storeConfig();
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(config(), Clock.fixed(NOW, ZoneOffset.UTC))
                .importing("hf-daily", "seed-papers.jsonl", "hf-daily-papers-2026-08-21.json");
        List<Paper> all = new ArrayList<>();
        server.store.forEachPaper(all::add);
        List<float[]> vectors = new ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < all.size(); i++) {
            String id = all.get(i).id();
            int axis = VISION.contains(id) ? 0 : CODE.contains(id) ? 1 : SPEECH.contains(id) ? 2 : 3 + i;
            float[] v = new float[384];
            v[axis] = 1;
            for (int k = 0; k < 384; k++) {
                v[k] += (float) (random.nextGaussian() * 0.02);
            }
            vectors.add(v);
        }
        server.app.embeddings().put(all, vectors, server.store.lastChange());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static List<String> cards(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = CARD.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private WebClient reader(String name) throws Exception {
        WebClient c = new WebClient(server);
        c.signup(name, PASSWORD);
        return c;
    }

    private String token(String name) {
        long id = server.app.accounts().findUser(name).orElseThrow().id();
        return server.app.accounts().createToken(id, "test");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Picks two vision papers and a topic on the first-visit form: three signals, enough to be personal. */
    private void firstVisit(WebClient ada) throws Exception {
        assertThat(ada.get("/for-you").headers().firstValue("Location")).hasValue("/for-you/start");
        String start = ada.get("/for-you/start").body();
        assertThat(start).contains("name=\"paper\" value=\"2608.20335\"").contains("Import");
        String csrf = WebClient.csrfIn(start);
        HttpResponse<String> done = ada.postEncoded("/for-you/start", "csrf=" + csrf
                + "&paper=2608.20335&paper=2608.20336&authors=&topics=prefill");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/for-you");
    }

    @Test
    void aVisitorIsSentToLogInAndTheApiWantsCredentials() throws Exception {
        WebClient visitor = new WebClient(server);
        assertThat(visitor.get("/for-you").headers().firstValue("Location")).hasValue("/login");
        assertThat(visitor.get("/saved").headers().firstValue("Location")).hasValue("/login");
        assertThat(visitor.get("/api/me/for-you").statusCode()).isEqualTo(401);
        assertThat(visitor.postJson("/api/papers/2608.20335/dismiss", "").statusCode()).isEqualTo(401);
        HttpResponse<String> save = visitor.post("/save", Map.of("csrf", "", "paper", "2608.20335"));
        assertThat(save.headers().firstValue("Location")).hasValue("/login");
        JsonNode paths = json(visitor.get("/api/openapi.json")).path("paths");
        for (String path : List.of("/api/me/for-you", "/api/papers/{id}/save", "/api/papers/{id}/dismiss",
                "/api/me/saved", "/api/me/mutes", "/api/me/library")) {
            assertThat(paths.has(path)).as(path + " is documented").isTrue();
        }
    }

    @Test
    void firstVisitPicksThenTheNearestPaperComesFirstWithItsReason() throws Exception {
        WebClient ada = reader("ada");
        firstVisit(ada);
        String page = ada.get("/for-you").body();
        List<String> ids = cards(page);
        assertThat(ids).first().isEqualTo("2608.14022"); // the third vision paper
        assertThat(ids).doesNotContain("2608.20335", "2608.20336"); // already picked
        assertThat(page).contains("Close to “4DAnyone: Create Anyone in 4D from a Casual Monocular Video”, which you picked")
                .contains("Matches your topic “prefill”");

        HttpResponse<String> api = ada.get("/api/me/for-you?week=2026-W34&limit=5",
                "Authorization", "Bearer " + token("ada"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("X-For-You")).hasValue("personal");
        JsonNode items = json(api);
        assertThat(items).hasSize(5);
        assertThat(items.get(0).path("paper").path("id").asText()).isEqualTo("2608.14022");
        assertThat(items.get(0).path("title").asText()).startsWith("ForgeWM");
        for (JsonNode item : items) {
            assertThat(item.path("reasons").size()).isGreaterThan(0);
            assertThat(item.path("paper").path("upvotes").isInt()).isTrue();
        }
        assertThat(ada.get("/api/me/for-you?week=2026-W99", "Authorization", "Bearer " + token("ada")).statusCode())
                .isEqualTo(400);

        // an author name that is on no paper: the reader is told, the rest of the form still counts
        String start = ada.get("/for-you/start").body();
        HttpResponse<String> again = ada.postEncoded("/for-you/start", "csrf=" + WebClient.csrfIn(start)
                + "&authors=Nobody+Here%2C+Bhavya+Sukhija&topics=");
        String location = again.headers().firstValue("Location").orElseThrow();
        assertThat(ada.get(location).body()).contains("No papers by an author called 'Nobody Here' here.");
        long id = server.app.accounts().findUser("ada").orElseThrow().id();
        assertThat(server.app.follows().follows(id, papers.community.Follow.Kind.AUTHOR, "Bhavya Sukhija")).isTrue();
    }

    @Test
    void aDismissedPaperNeverComesBackAndSavingLearns() throws Exception {
        WebClient ada = reader("ada");
        firstVisit(ada);
        String token = "Bearer " + token("ada");
        HttpResponse<String> dismissed = ada.postJson("/api/papers/2608.14022/dismiss", "", "Authorization", token);
        assertThat(dismissed.statusCode()).isEqualTo(200);
        assertThat(dismissed.body()).isEqualTo("{\"id\":\"2608.14022\",\"dismissed\":true}");
        assertThat(cards(ada.get("/for-you?month=2026-08").body())).doesNotContain("2608.14022");
        // the form on a card works too, and goes back to the page
        String page = ada.get("/for-you").body();
        String first = cards(page).get(0);
        HttpResponse<String> form = ada.post("/dismiss", Map.of("csrf", WebClient.csrfIn(page), "paper", first),
                "Referer", server.url("/for-you"));
        assertThat(form.headers().firstValue("Location")).hasValue("/for-you");
        assertThat(cards(ada.get("/for-you").body())).doesNotContain(first, "2608.14022");

        // Saving two code papers refits the model: the other code papers rise above the unrelated ones
        for (String id : CODE.subList(0, 2)) {
            assertThat(ada.postJson("/api/papers/" + id + "/save", "", "Authorization", token).statusCode())
                    .isEqualTo(200);
        }
        List<String> after = cards(ada.get("/for-you").body());
        assertThat(after.subList(0, 2)).containsExactlyInAnyOrder(CODE.get(2), CODE.get(3));
        assertThat(after).doesNotContain("2608.14022");
        assertThat(ada.postJson("/api/papers/2699.99999/save", "", "Authorization", token).statusCode())
                .isEqualTo(404);
    }

    @Test
    void savedIsAPrivateReadingListExportedAsBibtexAndRis() throws Exception {
        WebClient ada = reader("ada");
        assertThat(ada.get("/saved").body()).contains("Nothing saved yet");
        String paperPage = ada.get("/papers/2608.19880").body();
        assertThat(paperPage).contains("action=\"/save\"");
        HttpResponse<String> saved = ada.post("/save", Map.of("csrf", WebClient.csrfIn(paperPage),
                "paper", "2608.19880"), "Referer", server.url("/papers/2608.19880"));
        assertThat(saved.statusCode()).isEqualTo(303);
        ada.postJson("/api/papers/2608.19936/save", "", "Authorization", "Bearer " + token("ada"));
        String list = ada.get("/saved").body();
        assertThat(cards(list)).containsExactly("2608.19936", "2608.19880"); // last saved first
        assertThat(list).contains("Saved · Unsave"); // filled in per viewer by ViewerSlots
        assertThat(reader("bob").get("/saved").body()).contains("Nothing saved yet"); // private

        HttpResponse<String> bib = ada.get("/saved.bib");
        assertThat(bib.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-bibtex");
        assertThat(bib.body()).contains("eprint = {2608.19880}").contains("archivePrefix = {arXiv}");
        assertThat(Library.read(bib.body())).extracting(Library.Entry::arxivId)
                .containsExactly("2608.19936", "2608.19880");
        String ris = ada.get("/saved.ris").body();
        assertThat(ris).contains("UR  - https://arxiv.org/abs/2608.19880").contains("TY  - JOUR");
        assertThat(Library.read(ris)).extracting(Library.Entry::arxivId).containsExactly("2608.19936", "2608.19880");

        JsonNode api = json(ada.get("/api/me/saved"));
        assertThat(api).extracting(n -> n.path("paper").path("id").asText())
                .containsExactly("2608.19936", "2608.19880");
        assertThat(ada.get("/api/me/saved?format=ris").body()).isEqualTo(ris);
        assertThat(ada.get("/api/me/saved?format=xml").statusCode()).isEqualTo(400);

        ada.post("/unsave", Map.of("csrf", WebClient.csrfIn(list), "paper", "2608.19936"));
        assertThat(cards(ada.get("/saved").body())).containsExactly("2608.19880");
    }

    @Test
    void mutesLeaveForYouAndBadMutesAre400() throws Exception {
        WebClient ada = reader("ada");
        firstVisit(ada);
        String token = "Bearer " + token("ada");
        HttpResponse<String> muted = ada.postJson("/api/me/mutes", "{\"kind\":\"word\",\"value\":\"Benchmark\"}",
                "Authorization", token);
        assertThat(muted.statusCode()).isEqualTo(200);
        assertThat(json(muted).path("words").toString()).isEqualTo("[\"benchmark\"]");
        ada.postJson("/api/me/mutes", "{\"kind\":\"author\",\"value\":\"Xinye Li\"}", "Authorization", token);
        List<String> ids = cards(ada.get("/for-you?month=2026-08").body());
        assertThat(ids).isNotEmpty().doesNotContain("2608.14022"); // by Xinye Li
        for (String id : ids) {
            Paper p = server.store.find(id).orElseThrow();
            assertThat((p.title() + " " + p.abstractText()).toLowerCase()).doesNotContainPattern("\\bbenchmark\\b");
        }
        assertThat(ada.postJson("/api/me/mutes", "{\"kind\":\"category\",\"value\":\"cs.XY\"}", "Authorization", token)
                .body()).contains("not an arXiv category");
        assertThat(ada.postJson("/api/me/mutes", "{\"kind\":\"colour\",\"value\":\"red\"}", "Authorization", token)
                .statusCode()).isEqualTo(400);
        assertThat(ada.postJson("/api/me/mutes", "two words", "Authorization", token).statusCode()).isEqualTo(400);
        // the settings page lists them with unmute buttons, and unmuting works without JavaScript
        String settings = ada.get("/for-you/settings").body();
        assertThat(settings).contains("<strong>benchmark</strong>").contains("<strong>Xinye Li</strong>");
        ada.post("/for-you/mutes", Map.of("csrf", WebClient.csrfIn(settings), "kind", "author", "value", "Xinye Li",
                "on", "0"));
        assertThat(cards(ada.get("/for-you?month=2026-08").body())).contains("2608.14022");
    }

    @Test
    void aLibraryImportMatchesByArxivIdDoiOrTitleAndTheMatchesBecomePicks() throws Exception {
        WebClient ada = reader("ada");
        String settings = ada.get("/for-you/settings").body();
        HttpResponse<String> imported = ada.postMultipart("/for-you/import", Map.of("csrf", WebClient.csrfIn(settings)),
                "library", "zotero-export.ris", Fixtures.bytes("library/zotero-export.ris"));
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).contains("3 entries read, 2 matched to papers here (2 new)")
                .contains("A Paper That Is Not Here");
        String token = "Bearer " + token("ada");
        HttpResponse<String> api = ada.postJson("/api/me/library",
                new String(Fixtures.bytes("library/zotero-export.csv"), java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", token);
        assertThat(json(api).path("matched").asInt()).isEqualTo(2);
        assertThat(json(api).path("unmatched").toString()).contains("The Art of Computer Programming");
        for (String f : List.of("arxiv-export.bib", "zotero-export.bib", "zotero-export.json")) {
            ada.postJson("/api/me/library", new String(Fixtures.bytes("library/" + f),
                    java.nio.charset.StandardCharsets.UTF_8), "Authorization", token);
        }
        long id = server.app.accounts().findUser("ada").orElseThrow().id();
        assertThat(server.app.recommender().readers().papers(id, papers.recommend.ReaderStore.Kind.PICK, 100, 0))
                .containsExactlyInAnyOrder("2608.20202", "2608.18027", "2608.20335", "2608.13210", "2608.19880",
                        "2608.19799", "2608.19758", "2608.19936", "2608.19891", "2608.19854");
        assertThat(ada.postJson("/api/me/library", "hello", "Authorization", token).statusCode()).isEqualTo(400);
        // with ten picks the page is personal, and picked papers are not offered again
        List<String> forYou = cards(ada.get("/for-you").body());
        assertThat(forYou).isNotEmpty().doesNotContain("2608.20202", "2608.19880");
    }

    @Test
    void tooFewSignalsFallBackToTrendingAndSaySo() throws Exception {
        WebClient bob = reader("bob");
        bob.postJson("/api/papers/2608.19880/save", "", "Authorization", "Bearer " + token("bob"));
        HttpResponse<String> api = bob.get("/api/me/for-you", "Authorization", "Bearer " + token("bob"));
        assertThat(api.headers().firstValue("X-For-You")).hasValue("trending");
        assertThat(json(api).get(0).path("reasons").get(0).asText()).isEqualTo("Trending: few signals from you yet");
        String page = bob.get("/for-you").body();
        assertThat(page).contains("Too few signals to go on yet (1 of 3)");
        assertThat(cards(page)).doesNotContain("2608.19880").first().isEqualTo("2608.18580"); // next most upvoted
    }

    @Test
    void theDigestsForYouIsTheSitesRanking() throws Exception {
        WebClient ada = reader("ada");
        firstVisit(ada);
        long id = server.app.accounts().findUser("ada").orElseThrow().id();
        ada.postJson("/api/me/mutes", "{\"kind\":\"word\",\"value\":\"video\"}", "Authorization", "Bearer " + token("ada"));
        Subscription s = server.app.digests().subscribers().subscribe("ada@example.org", Frequency.WEEKLY, id);
        server.app.digests().subscribers().confirm(s.id());
        DigestComposer composer = server.app.digests().composer();
        DigestPeriod week = DigestPeriod.of(Frequency.WEEKLY, LocalDate.parse("2026-08-24"), false);
        Digest digest = composer.compose(composer.edition(week), server.app.digests().subscribers().find(s.id()).orElseThrow());
        Recommender.ForYou site = server.app.recommender().forYou(id, week.first(), week.last(), 20);
        assertThat(site.personal()).isTrue();
        assertThat(digest.forYou()).extracting(p -> p.paper().id())
                .containsExactlyElementsOf(site.picks().stream().map(p -> p.paper().id()).toList());
        assertThat(digest.forYou()).extracting(Digest.Pick::reasons)
                .containsExactlyElementsOf(site.picks().stream().map(Recommender.Pick::reasons).toList());
        // mutes hold in both sections of the email
        assertThat(digest.forYou()).extracting(p -> p.paper().id()).doesNotContain("2608.14022", "2608.20335");
        assertThat(digest.trending()).allSatisfy(p -> assertThat(p.title() + p.abstractText()).doesNotContainIgnoringCase(" video"));
    }
}
