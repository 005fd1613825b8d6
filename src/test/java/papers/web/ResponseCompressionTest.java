package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;

/** Cached responses keep a gzipped copy, made once, for clients that accept gzip. */
class ResponseCompressionTest {

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2026-08-21.json"));

    private final TestServer server = SERVER.get();

    @Test
    void cachedResponsesAreGzippedForClientsThatAcceptIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/papers/trending", "/feed.atom", "/api/daily_papers?date=2026-08-21")) {
            HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Accept-Encoding", "gzip, deflate").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
            assertThat(gz.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            assertThat(gz.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Encoding"));
            assertThat(gz.body().length).as(path).isLessThan(plain.body().length / 2);
            try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
                assertThat(in.readAllBytes()).as(path).isEqualTo(plain.body());
            }
            HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Accept-Encoding", "gzip;q=0").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(refused.headers().firstValue("Content-Encoding")).as(path).isEmpty();
        }
        assertThat(ResponseCache.acceptsGzip("br, GZIP;q=0.5")).isTrue();
        assertThat(ResponseCache.acceptsGzip("identity")).isFalse();
        assertThat(ResponseCache.acceptsGzip(null)).isFalse();
    }
}
