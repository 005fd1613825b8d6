package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.TestStores;

/**
 * A server following a Hugging Face stand-in that serves the real day files (fixtures/hf-days, 2026-08-10 to
 * 2026-08-21) one day at a time, as the days pass: the 7-day trending list is right after each day.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang, not a speed
class ServeKeepsCurrentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIRST = LocalDate.parse("2026-08-10");
    private static final LocalDate LAST = LocalDate.parse("2026-08-21");

    @TempDir
    Path home;

    private volatile LocalDate today = FIRST;

    /** What the stand-in knows: the day files up to today; a later day or a weekend is an empty list. */
    private Answer answer(URI uri) {
        LocalDate asked = LocalDate.parse(Importer.queryParameters(uri).get("date"));
        String name = "hf-days/" + asked + ".json";
        boolean exists = Fixtures.class.getResource("/fixtures/" + name) != null;
        return Answer.ok(!asked.isAfter(today) && exists ? Fixtures.bytes(name)
                : "[]".getBytes(StandardCharsets.UTF_8));
    }

    /** The papers served so far (id, listing day, upvotes), from the fixture files themselves. */
    private record Served(String id, LocalDate day, int upvotes) { }

    private List<Served> served() throws Exception {
        List<Served> all = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(today); d = d.plusDays(1)) {
            String name = "hf-days/" + d + ".json";
            if (Fixtures.class.getResource("/fixtures/" + name) == null) {
                continue;
            }
            for (JsonNode item : JSON.readTree(Fixtures.bytes(name))) {
                all.add(new Served(item.path("paper").path("id").asText(), d,
                        item.path("paper").path("upvotes").asInt()));
            }
        }
        return all;
    }

    /** Trending, computed here from the files: the newest listing day and the 6 before, by votes / (hours + 2)^1.8. */
    private List<String> expectedTrending(Instant now) throws Exception {
        List<Served> all = served();
        LocalDate newest = all.stream().map(Served::day).max(Comparator.naturalOrder()).orElseThrow();
        return all.stream().filter(s -> !s.day().isBefore(newest.minusDays(6)))
                .sorted(Comparator.comparingDouble((Served s) -> -s.upvotes() / Math.pow(Math.max(0,
                                Duration.between(s.day().atStartOfDay(ZoneOffset.UTC).toInstant(), now).toSeconds()
                                        / 3600.0) + 2, 1.8))
                        .thenComparing(Comparator.comparingInt(Served::upvotes).reversed())
                        .thenComparing(Served::id))
                .map(Served::id).toList();
    }

    @Test
    void keepsARight7DayTrendingListAsTheDaysAdvance() throws Exception {
        MovableClock clock = new MovableClock(FIRST.atTime(12, 0).toInstant(ZoneOffset.UTC));
        try (FixtureServer hf = new FixtureServer(this::answer);
             TestServer server = new TestServer(TestStores.sqliteConfig(home), clock)) {
            SourceRunner runner = server.app.sourceRunner(SourcesFile.parse("sources.toml", """
                    [[source]]
                    name = "huggingface"
                    kind = "hf-daily"
                    url = "%s"
                    every = "1s"
                    days = 3
                    """.formatted(hf.url("/api/daily_papers")), FIRST).sources(),
                    spec -> new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 3, d -> { }));
            java.util.concurrent.BlockingQueue<Boolean> runs = new java.util.concurrent.LinkedBlockingQueue<>();
            runner.onRun((name, ok) -> runs.add(ok));
            runner.start();
            int checkedDays = 0;
            for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
                today = day;
                Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
                clock.set(noon);
                // the runner's own thread notices the new time and runs the source; no deadline here (the class's
                // timeout only guards against a hang): each finished run wakes the check
                while (!server.app.sourceStates().find("huggingface").map(s -> noon.equals(s.lastSuccess()))
                        .orElse(false)) {
                    runs.take();
                }
                server.app.changeFollower().poll(); // what the follower thread does within 250 ms

                JsonNode list = JSON.readTree(server.get("/api/daily_papers?sort=trending&limit=100").body());
                List<String> shown = new ArrayList<>();
                list.forEach(item -> shown.add(item.path("paper").path("id").asText()));

                assertThat(shown).as("trending on %s", day).isEqualTo(expectedTrending(noon));
                checkedDays++;
            }
            assertThat(checkedDays).isEqualTo(12);
            assertThat(server.store.count()).isEqualTo(80); // 8 papers on each of the 10 listing days
        }
    }
}
