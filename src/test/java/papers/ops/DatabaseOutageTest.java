package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TcpProxy;
import papers.support.TestServer;
import papers.support.TestStores;

/**
 * Issue 14, failure 3: while PostgreSQL does not answer, requests that need it hung 15 to 30 s and then answered 500.
 * The server reaches PostgreSQL through a relay the test takes down (port closed, connections cut): requests then
 * answer 503 with a message, in the request's kind (JSON under /api, a page elsewhere), well within the client's
 * 15 s timeout; when the relay is back, the next requests are answered from the database again.
 */
class DatabaseOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void anOutageAnswers503WithAMessageAndTheServerRecovers() throws Exception {
        try (TestStores.Postgres pg = TestStores.postgres(home);
             TcpProxy relay = new TcpProxy(URI.create(pg.env().get("PAPERS_DB").substring(5)).getPort())) {
            Map<String, String> env = new HashMap<>(pg.env());
            env.put("PAPERS_DB", env.get("PAPERS_DB").replaceFirst(":\\d+/", ":" + relay.port() + "/"));
            try (TestServer server = new TestServer(Config.from(env), Clock.systemUTC())) {
                assertThat(get(server, "/api/papers/2401.00001").statusCode()).isEqualTo(404);

                relay.down();
                HttpResponse<String> api = get(server, "/api/papers/2401.00002");
                assertThat(api.statusCode()).isEqualTo(503);
                assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/json"));
                assertThat(api.body()).contains("The database is not answering right now");
                assertThat(api.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(api.headers().firstValue("X-Request-Id")).hasValueSatisfying( // the log line's req=
                        id -> assertThat(id).matches("[0-9a-f]{1,12}"));
                HttpResponse<String> page = get(server, "/papers/2401.00003");
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.body()).contains("<html").contains("The database is not answering right now");

                assertThat(get(server, "/healthz").statusCode()).isEqualTo(200); // alive: do not restart it
                HttpResponse<String> ready = get(server, "/readyz"); // but send it no readers
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"reason\":\"the database is not answering\"");

                relay.up();
                int status = 0;
                for (int i = 0; i < 40 && status != 404; i++) { // the pool replaces its broken connections
                    status = get(server, "/api/papers/2401.0001" + i).statusCode();
                    if (status != 404) {
                        Thread.sleep(250);
                    }
                }
                assertThat(status).isEqualTo(404);
            }
        }
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
