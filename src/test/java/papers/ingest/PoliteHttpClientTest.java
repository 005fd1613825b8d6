package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void getRetriesABusyServerThenSaysHowOftenWithoutAWaitAfterTheLastAttempt() throws Exception {
        List<Duration> waits = new ArrayList<>();
        PoliteHttpClient http = new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 3, waits::add);
        int[] calls = {0};
        try (FixtureServer s = always(503, calls)) {
            assertThatThrownBy(() -> http.get(URI.create(s.url("/oai"))))
                    .isInstanceOf(java.io.IOException.class).hasMessageEndingWith("answered 503 (busy) 3 times");
            assertThat(calls[0]).isEqualTo(3);
            assertThat(waits).as("the backoff doubles; nothing is waited for once the attempts are spent")
                    .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void getGivesUpAtOnceOnAnAnswerThatIsNotBusy() throws Exception {
        List<Duration> waits = new ArrayList<>();
        PoliteHttpClient http = new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 3, waits::add);
        int[] calls = {0};
        try (FixtureServer s = always(404, calls)) {
            assertThatThrownBy(() -> http.get(URI.create(s.url("/oai"))))
                    .isInstanceOf(java.io.IOException.class).hasMessageEndingWith("answered HTTP 404");
            assertThat(calls[0]).isEqualTo(1);
            assertThat(waits).isEmpty();
        }
    }

    @Test
    void aHostThatCannotBeReachedIsTriedAgainThenNamed() throws Exception {
        List<Duration> waits = new ArrayList<>();
        PoliteHttpClient http = new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 2, waits::add);
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort(); // free once closed: nothing listens there
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/x");
        assertThatThrownBy(() -> http.fetch(uri, Map.of()))
                .isInstanceOf(java.io.IOException.class).hasMessageStartingWith("cannot reach " + uri);
        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    /** A server that answers every request with {@code status}, counting the requests in {@code calls[0]}. */
    private static FixtureServer always(int status, int[] calls) throws java.io.IOException {
        return new FixtureServer(uri -> {
            calls[0]++;
            return new Answer(status, null, "no".getBytes());
        });
    }
}
