package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import papers.Config;
import papers.feed.Trending;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.Submitter;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.TestStores;

/**
 * The Hugging Face-compatible JSON API over HTTP against a real server, with real Hugging Face days imported from
 * the fixtures plus a few synthetic days. Run on SQLite and on PostgreSQL: one server per kind of store, shared by the
 * class's tests.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.Kind.class)
class ApiTest {

    static final Instant NOW = Instant.parse("2026-08-25T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** The 2026-08-21 fixture day by upvotes, ties by comments, then the newer arXiv submission, then the id. */
    static final List<String> AUG_21_BY_UPVOTES = List.of("2608.19880", "2608.18580", "2608.20335", "2608.19799",
            "2608.20336", "2608.20202", "2608.14022", "2608.13120", "2608.19854", "2608.19758", "2608.20281",
            "2608.19891", "2608.19936", "2608.19861", "2608.18027", "2608.13210", "2608.19863");

    @Parameter
    TestStores.Kind kind;

    static TestServer server;
    private static TestStores.Postgres postgres;
    private static Path scratch;

    @BeforeParameterizedClassInvocation
    static void start(TestStores.Kind kind) throws Exception {
        scratch = Files.createTempDirectory("api-test");
        Config config;
        if (kind == TestStores.Kind.POSTGRESQL) {
            postgres = TestStores.postgres(scratch);
            config = postgres.config();
        } else {
            config = TestStores.sqliteConfig(scratch);
        }
        server = new TestServer(config, Clock.fixed(NOW, ZoneOffset.UTC))
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2024-05-27.json");
        LocalDate monday = LocalDate.parse("2026-08-24");
        Submitter alice = new Submitter("alice", "Alice A.", null);
        Submitter bob = new Submitter("bob", null, null);
        List<Paper> extra = new ArrayList<>(List.of(
                synthetic("2608.40001", monday, 5, "2026-08-23T10:00:00Z", alice)
                        .withListingExtras(List.of(), null, SUBMITTER_ORG, null),
                synthetic("2608.40002", monday, 50, "2026-08-22T10:00:00Z", bob),
                synthetic("2608.40003", monday, 1, "2026-08-23T18:00:00Z", alice),
                synthetic("2607.00001", LocalDate.parse("2026-07-01"), 10, "2026-06-30T00:00:00Z", null),
                synthetic("2607.00002", LocalDate.parse("2026-07-01"), 5, "2026-06-30T00:00:00Z", null)));
        for (int i = 1; i <= 60; i++) { // a busy day: more than the default page of 50
            extra.add(synthetic(String.format("2608.5%04d", i), LocalDate.parse("2026-08-10"), i,
                    "2026-08-08T00:00:00Z", null));
        }
        server.with(extra);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (scratch != null) {
            try (var files = Files.walk(scratch)) { // the deepest first, so folders are empty when deleted
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            scratch = null;
        }
    }

    /** The submitter's organization of a real item (2509.21989 in fixtures/hf-daily-papers-listing-extras.jsonl). */
    static final papers.paper.Organization SUBMITTER_ORG = new papers.paper.Organization("IVUL-KAUST",
            "Image and Video Understanding Lab",
            "https://cdn-uploads.huggingface.co/production/uploads/6808bf97ffadd78ec71cb721/Xwkc8YwWKDbZj0fHSGXoa.png");

    @Test
    void theSubmittersOrganizationIsOnTheItemAsHuggingFaceSendsIt() throws Exception {
        JsonNode item = null;
        for (JsonNode i : json("/api/daily_papers?date=2026-08-24")) {
            if (i.path("paper").path("id").asText().equals("2608.40001")) {
                item = i;
            }
        }
        assertThat(item).isNotNull();
        JsonNode fixture = JSON.readTree(new String(Fixtures.bytes("hf-daily-papers-listing-extras.jsonl"),
                java.nio.charset.StandardCharsets.UTF_8).lines().toList().get(1));
        JsonNode org = item.get("submitterOrganization");
        assertThat(keys(org)).isSubsetOf(keys(fixture.get("submitterOrganization")));
        for (String f : List.of("name", "fullname", "avatar")) {
            assertThat(org.get(f)).as(f).isEqualTo(fixture.get("submitterOrganization").get(f));
        }
        assertThat(item.path("paper").has("submitterOrganization")).as("Hugging Face sends it on the item only")
                .isFalse();
    }

    static Paper synthetic(String id, LocalDate day, int upvotes, String published, Submitter by) {
        return Paper.of(id, null, "Synthetic " + id, "About " + id + ".", List.of(Author.named("Ada Lovelace")),
                        Instant.parse(published))
                .withListing(day, by)
                .withCommunity(null, upvotes, 0, null, null);
    }

    // ------------------------------------------------------------------ helpers

    HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10));
        b = switch (method) {
            case "GET" -> b.GET();
            case "HEAD" -> b.HEAD();
            default -> b.method(method, HttpRequest.BodyPublishers.ofString("{}"));
        };
        if (method.equals("GET") || method.equals("HEAD")) {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        // A fresh connection for requests with a body: Jetty may close a kept-alive connection after answering a
        // request whose body no handler read, and the pooled client would then send the next request into it.
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            return fresh.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
        return JSON.readTree(r.body());
    }

    List<String> ids(String path) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : json(path)) {
            ids.add(item.path("paper").path("id").asText());
        }
        return ids;
    }

    /** Asserts a 4xx/5xx JSON error and returns its message. */
    String error(String path, int status) throws Exception {
        return error("GET", path, status);
    }

    String error(String method, String path, int status) throws Exception {
        HttpResponse<String> r = send(method, path);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(method + " " + path)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        if (method.equals("HEAD")) {
            return "";
        }
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").isTextual()).as(r.body()).isTrue();
        return body.get("error").asText();
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    // ------------------------------------------------------------------ listing

    @Test
    void theFixtureDayComesInUpvoteOrder() throws Exception {
        JsonNode items = json("/api/daily_papers?date=2026-08-21");
        List<String> ids = new ArrayList<>();
        int previous = Integer.MAX_VALUE;
        for (JsonNode item : items) {
            ids.add(item.path("paper").path("id").asText());
            int upvotes = item.path("paper").path("upvotes").asInt();
            assertThat(upvotes).isLessThanOrEqualTo(previous);
            previous = upvotes;
            assertThat(item.path("publishedAt").asText()).isEqualTo("2026-08-21T00:00:00.000Z");
        }
        assertThat(ids).isEqualTo(AUG_21_BY_UPVOTES);
    }

    @Test
    void itemsCarryHuggingFaceFieldNamesAndTheSameValues() throws Exception {
        JsonNode fixture = JSON.readTree(Fixtures.bytes("hf-daily-papers-2026-08-21.json"));
        Map<String, JsonNode> ours = new HashMap<>();
        for (JsonNode item : json("/api/daily_papers?date=2026-08-21")) {
            ours.put(item.path("paper").path("id").asText(), item);
        }
        assertThat(ours).hasSize(fixture.size());
        Set<String> repeated = Set.of("ai_summary", "ai_keywords", "githubRepo", "githubStars", "projectPage");
        for (JsonNode hf : fixture) {
            String id = hf.path("paper").path("id").asText();
            JsonNode item = ours.get(id);
            JsonNode paper = item.get("paper");
            JsonNode hfPaper = hf.get("paper");
            // Every field we send is one Hugging Face sends, under the same name...
            Set<String> allowedTop = keys(hf);
            allowedTop.addAll(repeated);
            assertThat(keys(item)).as(id).isSubsetOf(allowedTop)
                    .contains("paper", "publishedAt", "title", "summary", "numComments", "isAuthorParticipating");
            assertThat(keys(paper)).as(id).isSubsetOf(keys(hfPaper))
                    .contains("id", "authors", "publishedAt", "title", "summary", "upvotes");
            // ... and every field Hugging Face sends that we keep comes back with its value.
            for (String f : List.of("id", "publishedAt", "submittedOnDailyAt", "upvotes", "discussionId",
                    "githubRepo", "githubStars", "projectPage", "ai_keywords", "mediaUrls", "githubRepoAddedBy",
                    "ai_summary_model")) {
                assertThat(paper.get(f)).as(id + " paper." + f).isEqualTo(hfPaper.get(f));
            }
            assertThat(paper.get("title").asText()).isEqualTo(collapse(hfPaper.get("title").asText()));
            assertThat(paper.get("summary").asText()).isEqualTo(collapse(hfPaper.get("summary").asText()));
            assertThat(paper.path("ai_summary").asText(null))
                    .isEqualTo(hfPaper.has("ai_summary") ? collapse(hfPaper.get("ai_summary").asText()) : null);
            for (String f : List.of("numComments", "thumbnail", "isAuthorParticipating", "mediaUrls")) {
                assertThat(item.get(f)).as(id + " " + f).isEqualTo(hf.get(f));
            }
            for (String f : repeated) { // repeated at the top level for huggingface_hub, equal to paper.*
                assertThat(item.get(f)).as(id + " top-level " + f).isEqualTo(paper.get(f));
            }
            assertThat(item.get("title")).isEqualTo(paper.get("title"));
            assertThat(item.get("summary")).isEqualTo(paper.get("summary"));
            // Authors: same names and order, only fields Hugging Face has.
            assertThat(paper.get("authors")).hasSameSizeAs(hfPaper.get("authors"));
            for (int i = 0; i < paper.get("authors").size(); i++) {
                JsonNode a = paper.get("authors").get(i);
                JsonNode hfa = hfPaper.get("authors").get(i);
                assertThat(keys(a)).isSubsetOf(keys(hfa)).contains("name", "hidden");
                assertThat(a.get("name").asText()).isEqualTo(collapse(hfa.get("name").asText()));
                assertThat(a.get("hidden")).isEqualTo(hfa.get("hidden"));
            }
            // Organization and submitter: Hugging Face's shapes and values.
            if (hf.has("organization")) {
                for (JsonNode org : List.of(item.get("organization"), paper.get("organization"))) {
                    assertThat(keys(org)).isSubsetOf(keys(hf.get("organization")));
                    assertThat(org.get("name")).isEqualTo(hf.get("organization").get("name"));
                    assertThat(org.get("fullname").asText())
                            .isEqualTo(collapse(hf.get("organization").get("fullname").asText()));
                    assertThat(org.get("avatar")).isEqualTo(hf.get("organization").get("avatar"));
                }
            } else {
                assertThat(item.has("organization")).isFalse();
            }
            Set<String> userKeys = keys(hf.get("submittedBy"));
            userKeys.addAll(keys(hfPaper.get("submittedOnDailyBy")));
            for (JsonNode by : List.of(item.get("submittedBy"), paper.get("submittedOnDailyBy"))) {
                assertThat(keys(by)).isSubsetOf(userKeys);
                assertThat(by.get("name")).isEqualTo(hf.get("submittedBy").get("name"));
                assertThat(by.get("user")).isEqualTo(hfPaper.get("submittedOnDailyBy").get("user"));
                assertThat(by.get("avatarUrl")).isEqualTo(hf.get("submittedBy").get("avatarUrl"));
            }
        }
    }

    private static String collapse(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    @Test
    void claimedAuthorsCarryTheirAccountAsAnObject() throws Exception {
        JsonNode items = json("/api/daily_papers?date=2024-05-27");
        JsonNode convllava = null;
        for (JsonNode item : items) {
            if (item.path("paper").path("id").asText().equals("2405.15738")) {
                convllava = item;
            }
        }
        assertThat(convllava).isNotNull();
        JsonNode first = convllava.path("paper").path("authors").get(0);
        assertThat(first.path("name").asText()).isEqualTo("Chunjiang Ge");
        assertThat(first.path("user").path("user").asText()).isEqualTo("ChunjiangGe");
        assertThat(first.path("hidden").isBoolean()).isTrue();
        assertThat(convllava.path("paper").path("authors").get(2).has("user")).isFalse();
        assertThat(convllava.path("isAuthorParticipating").asBoolean()).isTrue();
        assertThat(convllava.path("paper").path("publishedAt").asText()).isEqualTo("2024-05-24T17:34:15.000Z");
        assertThat(convllava.path("publishedAt").asText()).isEqualTo("2024-05-27T00:00:00.000Z");
        assertThat(convllava.has("organization")).isFalse(); // the 2024 shape has none: nothing is made up
    }

    @Test
    void withoutAPeriodTheNewestListingDay() throws Exception {
        assertThat(ids("/api/daily_papers")).containsExactly("2608.40002", "2608.40001", "2608.40003");
        assertThat(ids("/api/daily_papers?date=")).containsExactly("2608.40002", "2608.40001", "2608.40003");
    }

    @Test
    void sortPublishedAtIsNewestFirst() throws Exception {
        assertThat(ids("/api/daily_papers?sort=publishedAt"))
                .containsExactly("2608.40003", "2608.40001", "2608.40002");
        // Over a week: the newest listing day first, within a day the newest arXiv submission.
        JsonNode week = json("/api/daily_papers?month=2026-08&sort=publishedAt&limit=100");
        assertThat(week).hasSize(3 + 17 + 60);
        String previousDay = "9999";
        String previousTime = "9999";
        for (JsonNode item : week) {
            String day = item.path("publishedAt").asText();
            String time = item.path("paper").path("publishedAt").asText();
            assertThat(day).isLessThanOrEqualTo(previousDay);
            if (day.equals(previousDay)) {
                assertThat(time).isLessThanOrEqualTo(previousTime);
            }
            previousDay = day;
            previousTime = time;
        }
        assertThat(week.get(0).path("paper").path("id").asText()).isEqualTo("2608.40003");
        assertThat(week.get(3).path("paper").path("id").asText()).isEqualTo("2608.19758"); // 2026-08-20T08:02:55
        assertThat(week.get(4).path("paper").path("id").asText()).isEqualTo("2608.20336"); // 2026-08-20, larger id
    }

    @Test
    void sortTrendingWithoutAPeriodRanksTheLastWeekOfListings() throws Exception {
        JsonNode items = json("/api/daily_papers?sort=trending&limit=100");
        List<String> ids = new ArrayList<>();
        double previous = Double.MAX_VALUE;
        for (JsonNode item : items) {
            ids.add(item.path("paper").path("id").asText());
            LocalDate listed = LocalDate.parse(item.path("publishedAt").asText().substring(0, 10));
            assertThat(listed).isBetween(LocalDate.parse("2026-08-18"), LocalDate.parse("2026-08-24"));
            double score = item.path("paper").path("upvotes").asInt()
                    / Math.pow((NOW.getEpochSecond() - listed.atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                    / 3600.0 + 2, Trending.GRAVITY);
            assertThat(score).isLessThanOrEqualTo(previous);
            previous = score;
        }
        assertThat(ids).hasSize(3 + 17);
        // A fresh paper with 50 votes passes a three-day-old one with 163.
        assertThat(ids).startsWith("2608.40002", "2608.19880");
        // With a period, trending ranks that period only.
        assertThat(ids("/api/daily_papers?date=2026-08-21&sort=trending&limit=3"))
                .containsExactly("2608.19880", "2608.18580", "2608.20335");
    }

    @Test
    void weekAndMonthCoverTheirDays() throws Exception {
        List<String> week = ids("/api/daily_papers?week=2026-W34&limit=100"); // Monday 17 to Sunday 23 August
        assertThat(week).isEqualTo(AUG_21_BY_UPVOTES);
        assertThat(ids("/api/daily_papers?week=2026-W35")).containsExactly("2608.40002", "2608.40001", "2608.40003");
        List<String> month = ids("/api/daily_papers?month=2026-08&limit=100");
        assertThat(month).hasSize(3 + 17 + 60).containsAll(week).startsWith("2608.19880", "2608.50060", "2608.50059");
        assertThat(ids("/api/daily_papers?month=2024-05")).contains("2405.15738").hasSize(13);
        assertThat(ids("/api/daily_papers?date=2026-08-22")).isEmpty(); // a Saturday: an empty list, not an error
    }

    @Test
    void submitterFiltersAndWithoutAPeriodCoversEveryDay() throws Exception {
        assertThat(ids("/api/daily_papers?submitter=alice")).containsExactly("2608.40001", "2608.40003");
        assertThat(ids("/api/daily_papers?submitter=alice&sort=publishedAt"))
                .containsExactly("2608.40003", "2608.40001");
        assertThat(ids("/api/daily_papers?submitter=alice&date=2026-08-21")).isEmpty();
        assertThat(ids("/api/daily_papers?submitter=nobody")).isEmpty();
        JsonNode fixture = JSON.readTree(Fixtures.bytes("hf-daily-papers-2026-08-21.json"));
        long bySubmitter = 0;
        for (JsonNode hf : fixture) {
            if (hf.path("submittedBy").path("name").asText().equals("taesiri")) {
                bySubmitter++;
            }
        }
        JsonNode items = json("/api/daily_papers?submitter=taesiri&date=2026-08-21");
        assertThat(bySubmitter).isPositive();
        assertThat(items).hasSize((int) bySubmitter);
        for (JsonNode item : items) {
            assertThat(item.path("submittedBy").path("name").asText()).isEqualTo("taesiri");
        }
    }

    @Test
    void pagesWithPAndLimit() throws Exception {
        assertThat(ids("/api/daily_papers?date=2026-08-21&limit=5")).isEqualTo(AUG_21_BY_UPVOTES.subList(0, 5));
        assertThat(ids("/api/daily_papers?date=2026-08-21&limit=5&p=1")).isEqualTo(AUG_21_BY_UPVOTES.subList(5, 10));
        assertThat(ids("/api/daily_papers?date=2026-08-21&limit=5&p=3")).isEqualTo(AUG_21_BY_UPVOTES.subList(15, 17));
        assertThat(ids("/api/daily_papers?date=2026-08-21&limit=5&p=4")).isEmpty();
        assertThat(ids("/api/daily_papers?date=2026-08-21&p=0")).isEqualTo(AUG_21_BY_UPVOTES);
        // The default page is 50 papers; 100 at most.
        List<String> busy = ids("/api/daily_papers?date=2026-08-10");
        assertThat(busy).hasSize(50).startsWith("2608.50060", "2608.50059").endsWith("2608.50011");
        assertThat(ids("/api/daily_papers?date=2026-08-10&p=1")).hasSize(10).endsWith("2608.50001");
        assertThat(ids("/api/daily_papers?date=2026-08-10&limit=100")).hasSize(60);
        assertThat(ids("/api/daily_papers?date=2026-08-10&limit=1&p=59")).containsExactly("2608.50001");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badParametersAnswer400NamingTheParameter() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("date=2026-13-01", "date");
        cases.put("date=2026-02-30", "date");
        cases.put("date=yesterday", "date");
        cases.put("week=2026-W60", "week");
        cases.put("week=2026-34", "week");
        cases.put("month=2026-13", "month");
        cases.put("month=August", "month");
        cases.put("sort=votes", "sort");
        cases.put("sort=PUBLISHEDAT", "sort");
        cases.put("p=-1", "p");
        cases.put("p=first", "p");
        cases.put("limit=0", "limit");
        cases.put("limit=100000", "limit");
        cases.put("limit=101", "limit");
        cases.put("limit=ten", "limit");
        cases.put("date=2026-08-21&week=2026-W34", "week");
        cases.put("week=2026-W34&month=2026-08", "month");
        cases.put("date=2026-08-21&month=2026-08", "date");
        for (var c : cases.entrySet()) {
            String message = error("/api/daily_papers?" + c.getKey(), 400);
            assertThat(message).as(c.getKey()).startsWith(c.getValue().equals("date") ? "date" : "")
                    .contains(c.getValue());
        }
        assertThat(error("/api/daily_papers?date=2026-08-21&week=2026-W34", 400)).startsWith("date, week:");
    }

    @Test
    void unknownApiPathsAnswerJson404WhateverTheMethod() throws Exception {
        for (String path : List.of("/api", "/api/", "/api/nope", "/api/models", "/api/daily_papers/extra",
                "/api/papers", "/api/papers/2608.19880/repos", "/api/arxiv/2608.19880/repos")) {
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")) {
                assertThat(error(method, path, 404)).as(method + " " + path).doesNotContain("<");
            }
        }
        // Known paths with another method than GET are not there either: JSON, never a page.
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> r = send(method, "/api/daily_papers");
            assertThat(r.statusCode()).as(method).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(method)
                    .isEqualTo("Endpoint " + method + " /api/daily_papers not found");
        }
    }

    @Test
    void headOfAKnownRouteAnswersLikeGetWithoutBody() throws Exception {
        HttpResponse<String> r = send("HEAD", "/api/daily_papers?date=2026-08-21");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
    }

    // ------------------------------------------------------------------ one paper

    @Test
    void onePaperIsAFlatObject() throws Exception {
        JsonNode p = json("/api/papers/2608.19880");
        assertThat(p.has("paper")).isFalse();
        assertThat(p.path("id").asText()).isEqualTo("2608.19880");
        assertThat(p.path("title").asText()).isEqualTo("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(p.path("upvotes").asInt()).isEqualTo(163);
        assertThat(p.path("numComments").asInt()).isEqualTo(1);
        assertThat(p.path("publishedAt").asText()).isEqualTo("2026-08-20T00:00:00.000Z");
        assertThat(p.path("githubStars").asInt()).isEqualTo(8);
        assertThat(p.path("organization").path("name").asText()).isEqualTo("google");
        assertThat(p.path("authors")).hasSize(17);
        assertThat(keys(p)).contains("id", "authors", "publishedAt", "title", "summary", "upvotes", "numComments",
                "discussionId", "ai_summary", "ai_keywords", "githubRepo", "githubStars", "projectPage",
                "organization");
        // The same record answers any spelling of the id.
        assertThat(json("/api/papers/2405.15738v2").path("id").asText()).isEqualTo("2405.15738");
        assertThat(json("/api/papers/arXiv:2405.15738").path("id").asText()).isEqualTo("2405.15738");
    }

    @Test
    void unknownPaperIs404AndMalformedIdIs400() throws Exception {
        assertThat(error("/api/papers/2608.99999", 404)).contains("2608.99999");
        assertThat(error("/api/papers/hep-th/9901001", 404)).contains("hep-th/9901001");
        assertThat(error("/api/papers/not-an-id", 400)).startsWith("id:");
        assertThat(error("/api/papers/2405.15738v0", 400)).startsWith("id:");
    }

    @Test
    void searchAnswersDailyPapersItemsBestFirst() throws Exception {
        assertThat(error("/api/papers/search", 400)).startsWith("q:");
        assertThat(error("/api/papers/search?q=", 400)).startsWith("q:");
        JsonNode items = json("/api/papers/search?q=EnvHarness");
        assertThat(items.isArray()).isTrue();
        assertThat(items.get(0).path("paper").path("id").asText()).isEqualTo("2608.19880");
        assertThat(items.get(0).has("numComments")).isTrue();
        assertThat(items.get(0).has("isAuthorParticipating")).isTrue();
    }

    @Test
    void apiAnswersAreReadableFromOtherOrigins() throws Exception {
        assertThat(server.get("/api/daily_papers").headers().firstValue("Access-Control-Allow-Origin"))
                .contains("*");
    }

    // ------------------------------------------------------------------ OpenAPI

    @Test
    void openApiDocumentNamesEveryRoute() throws Exception {
        JsonNode doc = json("/api/openapi.json");
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        JsonNode paths = doc.path("paths");
        assertThat(keys(paths)).containsExactlyInAnyOrder("/api/daily_papers", "/api/papers/{id}",
                "/api/papers/search", "/api/papers/{id}/similar", "/papers/{id}.md", "/api/openapi.json",
                "/api/papers/{id}/upvote", "/api/papers/{id}/comments",
                "/api/papers/submit", "/api/comments/{id}", "/api/authors/{name}/follow", "/api/orgs/{name}/follow",
                "/api/me/following", "/api/me/for-you", "/api/papers/{id}/save", "/api/papers/{id}/dismiss",
                "/api/me/saved", "/api/me/mutes", "/api/me/library");
        Set<String> params = new HashSet<>();
        for (JsonNode p : paths.path("/api/daily_papers").path("get").path("parameters")) {
            params.add(p.path("name").asText());
        }
        assertThat(params).containsExactlyInAnyOrder("date", "week", "month", "submitter", "sort", "p", "limit",
                "category", "has_code");
        // Each documented route answers here (filled in with a real id), not a 404.
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String documented = it.next();
            if (!paths.path(documented).has("get")) {
                continue; // writes (upvote) are exercised by VoteRoutesTest
            }
            String path = documented.replace("{id}", "2608.19880");
            String query = path.equals("/api/papers/search") ? "?q=agents" : "";
            int status = server.get(path + query).statusCode();
            // Reads of one's own data (security given) answer 401 without credentials: still not a 404.
            assertThat(status).as(path).isEqualTo(paths.path(documented).path("get").has("security") ? 401 : 200);
        }
        // Every $ref points at a schema or response that exists.
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    // ------------------------------------------------------------------ freshness and round trip

    @Test
    void answersFollowTheStoreAtOnce() throws Exception {
        assertThat(ids("/api/daily_papers?date=2026-07-01")).containsExactly("2607.00001", "2607.00002");
        assertThat(json("/api/papers/2607.00002").path("upvotes").asInt()).isEqualTo(5);
        server.with(List.of(synthetic("2607.00002", LocalDate.parse("2026-07-01"), 20, "2026-06-30T00:00:00Z",
                null)));
        assertThat(ids("/api/daily_papers?date=2026-07-01")).containsExactly("2607.00002", "2607.00001");
        assertThat(json("/api/papers/2607.00002").path("upvotes").asInt()).isEqualTo(20);
    }

    /** What this API answers imports back, through the Hugging Face importer, into the very same records. */
    @Test
    void ourAnswersImportBackIntoTheSameRecords(@TempDir Path home) throws Exception {
        try (Database db = Database.open(TestStores.sqliteConfig(home));
             RejectLog rejects = new RejectLog(home.resolve("rejected.log"))) {
            PaperStore copy = new PaperStore(db);
            Importer importer = new Importer(copy, PoliteHttpClient.withDelay(Duration.ZERO), rejects);
            for (String day : List.of("2026-08-21", "2024-05-27")) {
                importer.run(ImportFormat.HF_DAILY, server.url("/api/daily_papers?limit=100&date=" + day), 0,
                        ImportProgress.NONE);
            }
            List<String> ids = new ArrayList<>(AUG_21_BY_UPVOTES);
            ids.add("2405.15738");
            assertThat(copy.count()).isEqualTo(17 + 13);
            assertThat(copy.findAll(ids)).isEqualTo(server.store.findAll(ids));
        }
    }
}
