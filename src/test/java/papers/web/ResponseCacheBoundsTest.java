package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;

/** Finding 7: the response cache keys on what a route reads, and is capped by bytes, not by count. */
class ResponseCacheBoundsTest {

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();

    @Test
    void madeUpParametersDoNotMakeNewEntries() throws Exception {
        ResponseCache cache = server.web.cache();
        String[] paths = {"/", "/papers/trending", "/papers/date/2024-05-27", "/papers/2405.15738"};
        for (String path : paths) {
            assertThat(server.get(path).statusCode()).isEqualTo(200);
        }
        int before = cache.size();
        for (int i = 0; i < 300; i++) {
            String path = paths[i % paths.length];
            assertThat(server.get(path + "?bust=" + i + "&utm_source=x" + i).statusCode()).isEqualTo(200);
        }
        assertThat(server.get("/?page=1").statusCode()).isEqualTo(200);
        assertThat(server.get("/?page=01&x=y").statusCode()).isEqualTo(200);
        assertThat(cache.size()).isEqualTo(before);
    }

    @Test
    void theCacheIsCappedByBytes() {
        ResponseCache cache = new ResponseCache(() -> 1, 100_000);
        AtomicInteger renders = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            cache.get("/page/" + i, () -> {
                renders.incrementAndGet();
                byte[] body = new byte[2_000]; // incompressible enough: no gzip copy
                new java.util.Random(renders.get()).nextBytes(body);
                return new ResponseCache.Response(200, "text/plain", body);
            });
            assertThat(cache.bytes()).isLessThanOrEqualTo(100_000);
        }
        assertThat(renders.get()).isEqualTo(1_000);
        assertThat(cache.size()).isBetween(1, 100_000 / 2_000);
        // an answer larger than a tenth of the cap is served but not kept
        cache.get("/big", () -> ResponseCache.Response.of(200, "text/plain", "x".repeat(20_000)));
        long bytes = cache.bytes();
        cache.get("/big", () -> ResponseCache.Response.of(200, "text/plain", "x".repeat(20_000)));
        assertThat(cache.bytes()).isEqualTo(bytes);
    }
}
