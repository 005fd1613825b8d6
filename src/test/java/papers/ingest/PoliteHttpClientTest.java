package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;

class PoliteHttpClientTest {

    @Test
    void pausesBetweenRequestsToOneHostNotAcrossHosts() throws Exception {
        List<Duration> waits = new ArrayList<>();
        PoliteHttpClient http = new PoliteHttpClient(Duration.ofSeconds(3), Duration.ofMillis(100), 2, waits::add);
        try (FixtureServer a = new FixtureServer(uri -> Answer.ok("a".getBytes()));
             FixtureServer b = new FixtureServer(uri -> Answer.ok("b".getBytes()))) {
            http.get(URI.create(a.url("/1"))).close();
            http.get(URI.create(b.url("/1"))).close();
            assertThat(waits).as("another host: no pause").isEmpty();
            http.get(URI.create(a.url("/2"))).close();
            assertThat(waits).hasSize(1);
            assertThat(waits.getFirst()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3)); // 3 s less the time taken
        }
    }

    @Test
    void aZeroDelayNeverPausesAndFetchReturnsAnyStatusWithItsHeaders() throws Exception {
        List<Duration> waits = new ArrayList<>();
        PoliteHttpClient http = new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 3, waits::add,
                PoliteHttpClient.userAgent("https://papers.example.org", null));
        int[] calls = {0};
        try (FixtureServer s = new FixtureServer(uri -> calls[0]++ == 0 ? new Answer(429, "4", "slow".getBytes())
                : new Answer(404, null, "no".getBytes()).withHeader("ETag", "\"x\""))) {
            PoliteHttpClient.Response r = http.fetch(URI.create(s.url("/repos/a/b")), Map.of("If-None-Match", "\"y\""));

            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("ETag")).isEqualTo("\"x\"");
            assertThat(waits).as("only the 429's Retry-After").containsExactly(Duration.ofSeconds(4));
            assertThat(s.requestHeaders().getLast().getFirst("If-None-Match")).isEqualTo("\"y\"");
            assertThat(s.requestHeaders().getLast().getFirst("User-Agent"))
                    .isEqualTo("DailyPapers/0.1 (self-hosted paper hub; +https://papers.example.org)");
        }
    }
}
