package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.ImportReport;
import papers.paper.Paper;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.TestStores;

class GithubStarsSourceTest {

    private static final Instant NOON = Instant.parse("2026-08-21T12:00:00Z");
    private static final Instant RESET = Instant.parse("2026-08-21T13:00:00Z");

    @TempDir
    Path home;

    private final Map<String, Integer> asked = new ConcurrentHashMap<>();
    private volatile boolean limitSpent = true;

    /** GitHub's REST API as it answers: ETags, 304 to a matching If-None-Match, 403 when the limit is spent. */
    private Answer answer(URI uri, FixtureServer[] self) {
        String path = uri.getPath();
        int n = asked.merge(path, 1, Integer::sum);
        String ifNoneMatch = self[0].requestHeaders().getLast().getFirst("If-None-Match");
        return switch (path) {
            case "/repos/lab-a/one" -> "\"e1\"".equals(ifNoneMatch) ? new Answer(304, null, new byte[0])
                    : stars(10, "\"e1\"");
            case "/repos/lab-b/two" -> n == 1 ? stars(20, "\"e2\"") : stars(25, "\"e3\"");
            case "/repos/lab-c/three" -> limitSpent
                    ? new Answer(403, null, "{\"message\":\"API rate limit exceeded\"}".getBytes())
                            .withHeader("X-RateLimit-Remaining", "0")
                            .withHeader("X-RateLimit-Reset", Long.toString(RESET.getEpochSecond()))
                    : stars(30, "\"e4\"");
            default -> new Answer(404, null, "{}".getBytes());
        };
    }

    private static Answer stars(int count, String etag) {
        return Answer.ok(("{\"full_name\":\"x\",\"stargazers_count\":" + count + "}").getBytes(StandardCharsets.UTF_8))
                .withHeader("ETag", etag);
    }

    private static Paper listed(String id, String repo, LocalDate day) {
        return Paper.of(id, null, "Paper " + id, "An abstract.", List.of(), null).withListing(day, null)
                .withLinks(repo, 1, null);
    }

    @Test
    void refreshesStarsConditionallyAndStopsUntilTheResetWhenTheLimitIsSpent() throws Exception {
        FixtureServer[] self = new FixtureServer[1];
        MovableClock clock = new MovableClock(NOON);
        try (FixtureServer server = new FixtureServer(uri -> answer(uri, self))) {
            self[0] = server;
            try (SourceHarness h = new SourceHarness(TestStores.sqliteConfig(home), clock, """
                    [[source]]
                    name = "stars"
                    kind = "github-stars"
                    url = "%s"
                    days = 7
                    every = "30m"
                    """.formatted(server.url("")))) {
                LocalDate day = LocalDate.parse("2026-08-20");
                h.app.papers().upsert(List.of(listed("2608.00001", "https://github.com/lab-a/one", day),
                        listed("2608.00002", "https://github.com/lab-b/two", day),
                        listed("2608.00003", "https://github.com/lab-c/three", day),
                        listed("2601.00004", "https://github.com/lab-d/old", LocalDate.parse("2026-01-05"))));

                ImportReport first = h.runner.runNow("stars");

                assertThat(server.requests()).containsExactly("/repos/lab-a/one", "/repos/lab-b/two",
                        "/repos/lab-c/three");
                assertThat(first.summaryLine()).isEqualTo("imported: 0 new, 2 updated, 0 unchanged, 0 rejected");
                assertThat(h.app.papers().find("2608.00001").orElseThrow().githubStars()).isEqualTo(10);
                assertThat(h.state("stars").pausedUntil()).isEqualTo(RESET);
                assertThat(h.runner.nextRun(h.runner.sources().getFirst(), h.state("stars")))
                        .as("not at 12:30 (every 30m) but at the reset").isEqualTo(RESET);

                h.runner.runNow("stars"); // run by hand before the reset: nothing is asked
                assertThat(server.requests()).hasSize(3);

                clock.set(RESET.plusSeconds(1));
                limitSpent = false;
                ImportReport second = h.runner.runNow("stars");

                assertThat(server.requests()).hasSize(6);
                assertThat(server.requestHeaders().get(3).getFirst("If-None-Match")).isEqualTo("\"e1\"");
                assertThat(server.requestHeaders().get(3).getFirst("Accept")).isEqualTo("application/vnd.github+json");
                assertThat(second.summaryLine()).as("one 304 (unchanged), two new counts")
                        .isEqualTo("imported: 0 new, 2 updated, 1 unchanged, 0 rejected");
                assertThat(h.app.papers().find("2608.00001").orElseThrow().githubStars()).isEqualTo(10);
                assertThat(h.app.papers().find("2608.00002").orElseThrow().githubStars()).isEqualTo(25);
                assertThat(h.app.papers().find("2608.00003").orElseThrow().githubStars()).isEqualTo(30);
                assertThat(h.app.papers().find("2601.00004").orElseThrow().githubStars())
                        .as("listed months ago: not refreshed").isEqualTo(1);
                assertThat(h.state("stars").pausedUntil()).isNull();
            }
        }
    }
}
