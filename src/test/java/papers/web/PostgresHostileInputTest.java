package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/**
 * Finding 5 on PostgreSQL, where a NUL byte in any text reached the database and answered 500: every such input is a
 * 400 with a message, through forms, JSON and query parameters.
 */
class PostgresHostileInputTest {

    @TempDir
    Path home;
    private TestStores.Postgres pg;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        pg = TestStores.postgres(home);
        server = new TestServer(pg.config(), Clock.systemUTC()).importing("hf-daily", "hf-daily-papers-2024-05-27.json");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        pg.close();
    }

    @Test
    void aNulByteInAnyTextInputIsA400NotA500() throws Exception {
        WebClient ada = new WebClient(server);
        HttpResponse<String> signup = ada.post("/signup", Map.of("csrf", ada.csrf("/signup"), "username", "ada",
                "email", "ada\u0000@example.org", "password", "correct horse battery"));
        assertThat(signup.statusCode()).isEqualTo(400);
        assertThat(ada.signup("ada", "correct horse battery").statusCode()).isEqualTo(303);
        String csrf = WebClient.csrfIn(ada.get("/account/tokens").body());
        assertThat(ada.post("/account/tokens", Map.of("csrf", csrf, "name", "lap\u0000top",
                "password", "correct horse battery", "expires", "")).statusCode()).isEqualTo(400);
        assertThat(ada.post("/comments", Map.of("csrf", csrf, "paper", "2405.15738", "body", "hi\u0000"))
                .statusCode()).isEqualTo(400);
        assertThat(ada.postJson("/api/papers/2405.15738/comments", "{\"body\":\"hi\\u0000\"}",
                "X-CSRF-Token", csrf).statusCode()).isEqualTo(400);
        HttpResponse<String> api = ada.get("/api/daily_papers?submitter=" + HostileInputTest.encode("x\u0000"));
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).startsWith("{\"error\":").contains("control character");
    }
}
