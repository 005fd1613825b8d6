package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import papers.Config;
import papers.paper.Author;
import papers.paper.Paper;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.TestStores;

/** RSS and Atom for every list, read back with Rome's parser, over the real 2026-08-21 and 2024-05-27 days. */
class FeedRoutesTest {

    private static final String BASE = "https://papers.example.org";

    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.of(home -> {
        Map<String, String> env = new java.util.HashMap<>(TestStores.sqlite(home));
        env.put("PAPERS_BASE_URL", BASE + "/");
        return Config.from(env);
    }, Clock.fixed(Instant.parse("2026-08-22T06:00:00Z"), ZoneOffset.UTC),
            s -> s.importing("hf-daily", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();

    private SyndFeed feed(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        String type = path.endsWith(".atom") ? "application/atom+xml" : "application/rss+xml";
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith(type));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(r.body()));
        assertThat(feed.getFeedType()).isEqualTo(path.endsWith(".atom") ? "atom_1.0" : "rss_2.0");
        return feed;
    }

    private static List<String> ids(SyndFeed feed) {
        return feed.getEntries().stream().map(e -> e.getLink().substring(e.getLink().lastIndexOf('/') + 1)).toList();
    }

    /** The day's papers as the store ranks them: most upvoted first. */
    private List<String> dayInUpvoteOrder(String day) {
        return server.store.listedOn(LocalDate.parse(day), 100, 0).stream().map(Paper::id).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"feed.atom", "feed.rss"})
    void everyListHasAFeedAStandardParserReads(String file) throws Exception {
        assertThat(ids(feed("/" + file))).containsExactlyElementsOf(dayInUpvoteOrder("2026-08-21"));
        assertThat(ids(feed("/papers/date/2026-08-21/" + file))).containsExactlyElementsOf(dayInUpvoteOrder("2026-08-21"));
        assertThat(ids(feed("/papers/date/2024-05-27/" + file))).containsExactlyElementsOf(dayInUpvoteOrder("2024-05-27"));
        assertThat(ids(feed("/papers/week/2026-W34/" + file))).containsExactlyElementsOf(dayInUpvoteOrder("2026-08-21"));
        assertThat(ids(feed("/papers/month/2024-05/" + file))).containsExactlyElementsOf(dayInUpvoteOrder("2024-05-27"));
        assertThat(ids(feed("/papers/trending/" + file))).containsExactlyInAnyOrderElementsOf(dayInUpvoteOrder("2026-08-21"));
        assertThat(ids(feed("/orgs/google/" + file))).isNotEmpty().allSatisfy(id -> assertThat(
                server.store.find(id).orElseThrow().organization().name()).isEqualTo("google"));
        assertThat(ids(feed("/authors/Chengsong%20Huang/" + file))).contains("2608.19880");
    }

    @Test
    void anEntryCarriesTitleAuthorsAbstractLinksAndAStableId() throws Exception {
        Paper p = server.store.find("2608.19880").orElseThrow();
        for (String file : List.of("feed.atom", "feed.rss")) {
            SyndFeed feed = feed("/papers/date/2026-08-21/" + file);
            SyndEntry e = feed.getEntries().stream().filter(x -> x.getLink().endsWith("/2608.19880")).findFirst()
                    .orElseThrow();
            assertThat(e.getTitle()).isEqualTo(p.title());
            assertThat(e.getLink()).isEqualTo(BASE + "/papers/2608.19880");
            assertThat(e.getUri()).isEqualTo("https://arxiv.org/abs/2608.19880");
            assertThat(e.getDescription().getValue()).isEqualTo(p.abstractText());
            if (file.endsWith(".atom")) {
                assertThat(e.getAuthors()).extracting(SyndPerson::getName)
                        .containsExactlyElementsOf(p.authors().stream().map(Author::name).toList());
                assertThat(e.getLinks()).extracting(l -> l.getHref())
                        .contains("https://arxiv.org/abs/2608.19880", "https://arxiv.org/pdf/2608.19880");
                assertThat(feed.getLinks()).anySatisfy(l -> {
                    assertThat(l.getRel()).isEqualTo("alternate");
                    assertThat(l.getHref()).isEqualTo(BASE + "/papers/date/2026-08-21");
                });
                assertThat(feed.getLinks()).anySatisfy(l -> {
                    assertThat(l.getRel()).isEqualTo("self");
                    assertThat(l.getHref()).isEqualTo(BASE + "/papers/date/2026-08-21/feed.atom");
                });
            } else {
                var dc = (com.rometools.rome.feed.module.DCModule) e.getModule(com.rometools.rome.feed.module.DCModule.URI);
                assertThat(dc.getCreators()).containsExactlyElementsOf(p.authors().stream().map(Author::name).toList());
            }
            assertThat(e.getPublishedDate()).isNotNull();
            // Asking again gives the same id: feed readers do not show it twice.
            SyndFeed again = feed("/papers/date/2026-08-21/" + file);
            assertThat(again.getEntries()).extracting(SyndEntry::getUri)
                    .containsExactlyElementsOf(feed.getEntries().stream().map(SyndEntry::getUri).toList());
        }
    }

    @Test
    void listPagesAdvertiseTheirFeeds() throws Exception {
        Map<String, String> pages = Map.of("/", "/feed.atom", "/papers/date/2026-08-21", "/papers/date/2026-08-21/feed.atom",
                "/papers/trending", "/papers/trending/feed.atom", "/orgs/google", "/orgs/google/feed.atom");
        for (var page : pages.entrySet()) {
            String html = server.get(page.getKey()).body();
            assertThat(html).as(page.getKey()).contains("<link rel=\"alternate\" type=\"application/atom+xml\"")
                    .contains("href=\"" + page.getValue() + "\"")
                    .contains("type=\"application/rss+xml\"");
            assertThat(server.get(page.getValue()).statusCode()).as(page.getValue()).isEqualTo(200);
        }
    }

    @Test
    void unknownListsAre404AndBadPeriods400() throws Exception {
        assertThat(server.get("/orgs/no-such-org/feed.atom").statusCode()).isEqualTo(404);
        assertThat(server.get("/authors/Nobody%20Here/feed.rss").statusCode()).isEqualTo(404);
        assertThat(server.get("/papers/date/2026-13-45/feed.atom").statusCode()).isEqualTo(400);
        assertThat(server.get("/papers/week/2026-W99/feed.rss").statusCode()).isEqualTo(400);
        assertThat(server.get("/papers/date/2026-08-21/feed.json").statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyDayIsAValidEmptyFeed() throws Exception {
        assertThat(feed("/papers/date/2026-08-23/feed.atom").getEntries()).isEmpty();
    }

    @Test
    void importedTextIsEscapedAndComesBackIntact() throws Exception {
        String title = "Fuzzquark <script>alert(1)</script> & \"quotes\" ]]>";
        server.with(List.of(Paper.of("2608.99001", 1, title, "An abstract with <b>tags</b> & ampersands.",
                List.of(Author.named("Zed <Evil>")), Instant.parse("2026-08-20T00:00:00Z"))
                .withListing(LocalDate.parse("2026-07-07"), null)));
        for (String file : List.of("feed.atom", "feed.rss")) {
            SyndFeed feed = feed("/papers/date/2026-07-07/" + file);
            assertThat(feed.getEntries()).hasSize(1);
            assertThat(feed.getEntries().getFirst().getTitle()).isEqualTo(title);
            assertThat(feed.getEntries().getFirst().getDescription().getValue())
                    .isEqualTo("An abstract with <b>tags</b> & ampersands.");
        }
    }

    /** Feed readers show text: TeX becomes Unicode (title of 2410.09342 as Hugging Face's item carries it). */
    @Test
    void texInTitlesAndAbstractsReadsAsText() throws Exception {
        server.with(List.of(Paper.of("2410.09342", 1,
                "LLM$\\times$MapReduce: Simplified Long-Sequence Processing using Large Language Models",
                "Attention costs $\\mathcal{O}(n^2)$ in the length $n$; we keep $\\alpha \\leq 1$.",
                List.of(Author.named("Zihan Zhou")), Instant.parse("2024-10-12T00:00:00Z"))
                .withListing(LocalDate.parse("2026-07-08"), null)));
        for (String file : List.of("feed.atom", "feed.rss")) {
            SyndEntry entry = feed("/papers/date/2026-07-08/" + file).getEntries().getFirst();
            assertThat(entry.getTitle())
                    .isEqualTo("LLM×MapReduce: Simplified Long-Sequence Processing using Large Language Models");
            assertThat(entry.getDescription().getValue())
                    .isEqualTo("Attention costs O(n²) in the length n; we keep α ≤ 1.");
        }
    }

    @Test
    void feedsFollowTheStoreAfterAnImport() throws Exception {
        assertThat(feed("/papers/date/2026-07-01/feed.atom").getEntries()).isEmpty();
        server.with(List.of(Paper.of("2607.99002", 1, "Freshly imported", "Abstract.", List.of(Author.named("A B")),
                Instant.parse("2026-06-30T00:00:00Z")).withListing(LocalDate.parse("2026-07-01"), null)));
        assertThat(ids(feed("/papers/date/2026-07-01/feed.atom"))).containsExactly("2607.99002");
        assertThat(ids(feed("/papers/date/2026-07-01/feed.rss"))).containsExactly("2607.99002");
    }
}
