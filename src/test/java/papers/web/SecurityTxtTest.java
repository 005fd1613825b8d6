package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestServer;
import papers.support.TestStores;

/** A deployment that names a security contact publishes it as RFC 9116 asks. */
class SecurityTxtTest {

    @TempDir
    Path home;

    @Test
    void theConfiguredContactIsPublishedWithAnExpiryAYearAhead() throws Exception {
        Map<String, String> env = new HashMap<>(TestStores.sqlite(home));
        env.put("PAPERS_SECURITY_CONTACT", "security@lab.example.org");
        env.put("PAPERS_BASE_URL", "https://papers.lab.example.org");
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T20:15:00Z"), ZoneOffset.UTC);
        try (TestServer server = new TestServer(Config.from(env), clock)) {
            HttpResponse<String> r = server.get("/.well-known/security.txt");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
            assertThat(r.body()).isEqualTo("""
                    Contact: mailto:security@lab.example.org
                    Expires: 2027-11-29T00:00:00Z
                    Preferred-Languages: en
                    Canonical: https://papers.lab.example.org/.well-known/security.txt
                    """);
        }
    }
}
