package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/** Every family of answer, errors included, carries the browser-hardening headers (finding 3 of issue 12). */
class SecurityHeadersTest {

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /, 200",
            "GET, /papers/2405.15738, 200",
            "GET, /papers/trending, 200",
            "GET, /search?q=transformer, 200",
            "GET, /feed.atom, 200",
            "GET, /api/daily_papers, 200",
            "GET, /api/papers/2405.15738, 200",
            "GET, /static/site.css, 200",
            "GET, /login, 200",
            "GET, /digest/preview, 200",
            "GET, /no/such/page, 404",
            "GET, /api/no-such-thing, 404",
            "GET, /.well-known/security.txt, 404",
            "GET, /papers/date/not-a-day, 400",
            "GET, /api/daily_papers?limit=x, 400",
            "POST, /login, 403",
            "POST, /api/papers/2405.15738/upvote, 401",
            "POST, /comments/preview, 400",
    })
    void everyAnswerCarriesTheHeaders(String method, String path, int status) throws Exception {
        WebClient client = new WebClient(server);
        HttpResponse<String> r = method.equals("GET") ? client.get(path) : client.post(path, Map.of());
        assertThat(r.statusCode()).isEqualTo(status);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'")
                .contains("object-src 'none'").contains("base-uri 'none'");
        assertThat(csp).doesNotContain("unsafe-eval");
        if (!path.startsWith("/digest/preview")) { // the e-mail preview keeps the mail's inline styles (see SecurityHeaders)
            assertThat(csp).contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline");
        }
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        // digest pages carry signed tokens in their address: they send no referrer at all
        assertThat(r.headers().firstValue("Referrer-Policy"))
                .contains(path.startsWith("/digest/") ? "no-referrer" : "strict-origin-when-cross-origin");
    }
}
