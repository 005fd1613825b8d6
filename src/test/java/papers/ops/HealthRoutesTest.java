package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestServer;

/** /healthz, /readyz and /metrics on one server over the fixture day: before and after the start-up finished. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthRoutesTest {

    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.sqlite(home, Clock.systemUTC()).importing("hf-daily", "hf-daily-papers-2024-05-27.json");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void aNodeStillStartingIsAliveButNotReady() throws Exception {
        HttpResponse<String> alive = server.get("/healthz");
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(alive.body()).isEqualTo("{\"status\":\"alive\"}");
        HttpResponse<String> ready = server.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(ready.body()).contains("\"status\":\"not ready\"")
                .contains("\"reason\":\"still starting (demo data, search index)\"").contains("\"database\":\"ok\"");
    }

    @Test
    @Order(2)
    void oncStartedItIsReady() throws Exception {
        server.app.finishStartUp(false);
        HttpResponse<String> ready = server.get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"indexLag\":0")
                .doesNotContain("reason");
    }

    @Test
    @Order(3)
    void metricsCountRequestsByRouteTemplateAndTheAppsOwnNumbers() throws Exception {
        assertThat(server.get("/papers/date/2024-05-27").statusCode()).isEqualTo(200);
        assertThat(server.get("/papers/date/2024-05-27").statusCode()).isEqualTo(200); // from the cache
        assertThat(server.get("/papers/date/not-a-day").statusCode()).isEqualTo(400);
        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        assertThat(text)
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/papers/date/{day}\",status=\"200\"} 2")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/papers/date/{day}\",status=\"400\"} 1")
                .doesNotContain("route=\"/papers/date/2024-05-27\"")
                .containsPattern("papers_cache_hits_total [1-9]")
                .contains("papers_changelog_lag_index 0.0")
                .contains("papers_embedding_backlog ")
                .contains("papers_db_pool_active ")
                .contains("papers_digests_sent_total 0.0")
                .contains("jvm_memory_used_bytes");
    }
}
