package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.support.Fixtures;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.TestStores;

class ImporterTest {

    @TempDir
    Path home;

    private Database database;
    private PaperStore store;
    private RejectLog rejectLog;
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        database = Database.open(TestStores.sqliteConfig(home));
        store = new PaperStore(database);
        rejectLog = new RejectLog(home.resolve("rejected.log"));
    }

    @AfterEach
    void close() {
        rejectLog.close();
        database.close();
    }

    /** Polite client whose waits are recorded instead of slept, so the tests check the timing without waiting. */
    private Importer importer(Duration delay) {
        return new Importer(store, new PoliteHttpClient(delay, Duration.ofMillis(500), 4, waits::add), rejectLog);
    }

    @Test
    void importIsIdempotentAndCountsEveryRecord() throws Exception {
        Importer importer = importer(Duration.ZERO);
        String file = Fixtures.path("hf-daily-papers-2026-08-21.json").toString();
        ImportReport first = importer.run(ImportFormat.HF_DAILY, file, 0, ImportProgress.NONE);
        assertThat(first.summaryLine()).isEqualTo("imported: 17 new, 0 updated, 0 unchanged, 0 rejected");
        ImportReport again = importer.run(ImportFormat.HF_DAILY, file, 0, ImportProgress.NONE);
        assertThat(again.summaryLine()).isEqualTo("imported: 0 new, 0 updated, 17 unchanged, 0 rejected");
        assertThat(store.count()).isEqualTo(17);
    }

    @ParameterizedTest
    @CsvSource({
        "hf-daily, hf-daily-papers-2024-05-27.json, 13",
        "hf-daily, hf-daily-papers-2026-08-21.json, 17",
        "hf-daily, seed-papers.jsonl, 51",
        "arxiv-atom, arxiv-api-query-deep-dream-start0.atom, 10",
        "arxiv-atom, arxiv-api-query-deep-dream-start1.atom, 10",
        "arxiv-atom, arxiv-api-query-deep-dream-start2.atom, 10",
        "oai, arxiv-oai-getrecord-arXiv-1601.03238.xml, 1",
        "oai, arxiv-oai-listrecords-arXiv-physics-hep-ex-2017-12-14.xml, 3",
        "oai, arxiv-oai-listrecords-arXiv-physics-hep-th-2017-12-14.xml, 3",
        "oai, arxiv-oai-listrecords-oai_dc-cs-2024-01-25-with-resumptionToken.xml, 5"})
    void everyFixtureImportsWholeAndTwiceChangesNothing(String format, String fixture, int papers) throws Exception {
        Importer importer = importer(Duration.ZERO);
        String file = Fixtures.path(fixture).toString();
        ImportReport first = importer.run(ImportFormat.fromName(format), file, 0, ImportProgress.NONE);
        assertThat(first.summaryLine()).isEqualTo("imported: " + papers + " new, 0 updated, 0 unchanged, 0 rejected");
        ImportReport second = importer.run(ImportFormat.fromName(format), file, 0, ImportProgress.NONE);
        assertThat(second.summaryLine()).isEqualTo("imported: 0 new, 0 updated, " + papers + " unchanged, 0 rejected");
    }

    @Test
    void seedPageImportsItsFiftyOnePapers() throws Exception {
        ImportReport r = importer(Duration.ZERO).run(ImportFormat.HF_DAILY,
                Fixtures.path("seed-papers.jsonl").toString(), 0, ImportProgress.NONE);
        assertThat(r.summaryLine()).isEqualTo("imported: 51 new, 0 updated, 0 unchanged, 0 rejected");
        assertThat(store.find("2409.02877").orElseThrow().title())
                .isEqualTo("Configurable Foundation Models: Building LLMs from a Modular Perspective");
    }

    @Test
    void readsGzipAndTakesTheListingDayFromARawAnswersFileName() throws Exception {
        Path gz = home.resolve("hf-daily-papers-2024-05-27.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Fixtures.bytes("hf-daily-papers-2024-05-27.json"));
        }
        ImportReport r = importer(Duration.ZERO).run(ImportFormat.HF_DAILY, gz.toString(), 0, ImportProgress.NONE);
        assertThat(r.created()).isEqualTo(13);
        assertThat(store.listedOn(LocalDate.parse("2024-05-27"), 50, 0)).hasSize(13)
                .first().extracting(Paper::id).isEqualTo("2405.15738");
    }

    @Test
    void higherUpvotesInALaterCaptureUpdateThePaper() throws Exception {
        Importer importer = importer(Duration.ZERO);
        String original = new String(Fixtures.bytes("hf-daily-papers-2024-05-27.json"), StandardCharsets.UTF_8);
        Path before = home.resolve("before.json");
        Files.writeString(before, original);
        importer.run(ImportFormat.HF_DAILY, before.toString(), 0, ImportProgress.NONE);
        Path later = home.resolve("later.json");
        Files.writeString(later, original.replace("\"upvotes\": 32", "\"upvotes\": 40"));
        ImportReport r = importer.run(ImportFormat.HF_DAILY, later.toString(), 0, ImportProgress.NONE);
        assertThat(r.summaryLine()).isEqualTo("imported: 0 new, 1 updated, 12 unchanged, 0 rejected");
        assertThat(store.find("2405.15738").orElseThrow().upvotes()).isEqualTo(40);
    }

    @Test
    void rejectedRecordsAreLoggedWithTheirReasons() throws Exception {
        Path file = home.resolve("mixed.jsonl");
        Files.writeString(file, """
                {"_date":"2025-01-06","paper":{"id":"2501.00001","title":"Good","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":4}}
                {"_date":"2025-01-06","paper":{"id":"nope","title":"Bad","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":4}}
                """);
        ImportReport r = importer(Duration.ZERO).run(ImportFormat.HF_DAILY, file.toString(), 0, ImportProgress.NONE);
        assertThat(r.summaryLine()).isEqualTo("imported: 1 new, 0 updated, 0 unchanged, 1 rejected");
        assertThat(r.firstRejections()).containsExactly("line 2 (nope): paper.id is not an arXiv id: 'nope'");
        rejectLog.close();
        assertThat(Files.readString(home.resolve("rejected.log"))).contains(file.toString())
                .contains("line 2 (nope)").contains("not an arXiv id");
    }

    @Test
    void aMalformedFileStopsButKeepsTheWholeRecordsBeforeIt() throws Exception {
        Path file = home.resolve("broken.json");
        String good = new String(Fixtures.bytes("hf-daily-papers-2026-08-21.json"), StandardCharsets.UTF_8);
        // Cut inside the third item: two whole items, then a truncated one.
        int third = nthItemStart(good, 3);
        Files.writeString(file, good.substring(0, third + 200));
        assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, file.toString(), 0,
                ImportProgress.NONE)).isInstanceOf(MalformedSourceException.class);
        assertThat(store.count()).isEqualTo(2);
    }

    private static int nthItemStart(String json, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = json.indexOf("\"paper\": {", at + 1);
        }
        return at;
    }

    @Test
    void missingFilesAndFoldersAreClearErrors() {
        assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, home.resolve("nope.json")
                .toString(), 0, ImportProgress.NONE)).hasMessageContaining("nope.json");
        assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, home.toString(), 0,
                ImportProgress.NONE)).hasMessageContaining("folder");
    }

    @Test
    void hfUrlHonoursRetryAfterAndTakesTheDayFromTheQuery() throws Exception {
        byte[] body = Fixtures.bytes("hf-daily-papers-2024-05-27.json");
        int[] calls = {0};
        try (FixtureServer server = new FixtureServer(uri -> ++calls[0] == 1 ? Answer.busy("7") : Answer.ok(body))) {
            ImportReport r = importer(Duration.ofSeconds(3)).run(ImportFormat.HF_DAILY,
                    server.url("/api/daily_papers?date=2024-05-28"), 0, ImportProgress.NONE);
            assertThat(r.created()).isEqualTo(13);
            assertThat(server.requests()).hasSize(2);
            assertThat(waits).as("the Retry-After of the 503 is honoured").contains(Duration.ofSeconds(7));
        }
        assertThat(store.countListedOn(LocalDate.parse("2024-05-28"))).isEqualTo(13);
    }

    @Test
    void keepsRetryingWithBackoffAndGivesUpClearly() throws Exception {
        try (FixtureServer server = new FixtureServer(uri -> Answer.busy(null))) {
            assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, server.url("/x"), 0,
                    ImportProgress.NONE)).isInstanceOf(IOException.class).hasMessageContaining("503");
            assertThat(server.requests()).hasSize(4);
            assertThat(waits).containsSubsequence(Duration.ofMillis(500), Duration.ofMillis(1000),
                    Duration.ofMillis(2000));
        }
    }

    @Test
    void unreachableUrlIsAClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/api/daily_papers";
        assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, url, 0, ImportProgress.NONE))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot reach").hasMessageContaining(url);
        assertThat(store.count()).isZero();
    }

    @Test
    void otherHttpErrorsAreNotRetried() throws Exception {
        try (FixtureServer server = new FixtureServer(uri -> new Answer(404, null, "no".getBytes()))) {
            assertThatThrownBy(() -> importer(Duration.ZERO).run(ImportFormat.HF_DAILY, server.url("/x"), 0,
                    ImportProgress.NONE)).hasMessageContaining("HTTP 404");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void atomQueryUrlIsFollowedPageByPageWithADelayBetweenRequests() throws Exception {
        // The fixtures are real answers for start=0,1,2; served here as pages start=0,10,20 of a 30-result query.
        try (FixtureServer server = new FixtureServer(uri -> {
            String start = Importer.queryParameters(uri).get("start");
            String name = switch (start) {
                case "0" -> "arxiv-api-query-deep-dream-start0.atom";
                case "10" -> "arxiv-api-query-deep-dream-start1.atom";
                case "20" -> "arxiv-api-query-deep-dream-start2.atom";
                default -> throw new AssertionError("unexpected start=" + start);
            };
            String atom = new String(Fixtures.bytes(name), StandardCharsets.UTF_8)
                    .replace(">24617<", ">30<")
                    .replaceAll("startIndex([^>]*)>\\d+<", "startIndex$1>" + start + "<");
            return Answer.ok(atom.getBytes(StandardCharsets.UTF_8));
        })) {
            ImportReport r = importer(Duration.ofSeconds(3)).run(ImportFormat.ARXIV_ATOM,
                    server.url("/api/query?search_query=deep%20dream&max_results=10"), 0, ImportProgress.NONE);
            assertThat(server.requests()).containsExactly(
                    "/api/query?search_query=deep%20dream&max_results=10&start=0",
                    "/api/query?search_query=deep%20dream&max_results=10&start=10",
                    "/api/query?search_query=deep%20dream&max_results=10&start=20");
            // Overlapping windows: 30 entries of 12 distinct papers.
            assertThat(r.created() + r.updated() + r.unchanged()).isEqualTo(30);
            assertThat(r.created()).isEqualTo(12);
            assertThat(store.count()).isEqualTo(12);
            assertThat(waits).hasSize(2).allSatisfy(w ->
                    assertThat(w).isGreaterThan(Duration.ofMillis(2500)).isLessThanOrEqualTo(Duration.ofSeconds(3)));
        }
    }

    @Test
    void atomPagingStopsAtMax() throws Exception {
        byte[] page = Fixtures.bytes("arxiv-api-query-deep-dream-start0.atom");
        try (FixtureServer server = new FixtureServer(uri -> Answer.ok(page))) {
            importer(Duration.ZERO).run(ImportFormat.ARXIV_ATOM, server.url("/api/query?search_query=x"), 15,
                    ImportProgress.NONE);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void oaiListIsFollowedByResumptionTokenUntilItEnds() throws Exception {
        try (FixtureServer server = new FixtureServer(uri -> {
            String token = Importer.queryParameters(uri).get("resumptionToken");
            String name = token == null ? "arxiv-oai-listrecords-oai_dc-cs-2024-01-25-with-resumptionToken.xml"
                    : "6960524|1001".equals(token) ? "arxiv-oai-listrecords-arXiv-physics-hep-th-2017-12-14.xml"
                    : null;
            return name == null ? new Answer(400, null, "bad token".getBytes()) : Answer.ok(Fixtures.bytes(name));
        })) {
            ImportReport r = importer(Duration.ZERO).run(ImportFormat.OAI,
                    server.url("/oai?verb=ListRecords&metadataPrefix=oai_dc&set=cs&from=2024-01-25"), 0,
                    ImportProgress.NONE);
            assertThat(server.requests()).containsExactly(
                    "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=cs&from=2024-01-25",
                    "/oai?verb=ListRecords&resumptionToken=6960524%7C1001");
            assertThat(r.summaryLine()).isEqualTo("imported: 8 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(store.find("1303.2033").orElseThrow().title()).isEqualTo("Extended Fourier analysis of signals");
        }
    }
}
