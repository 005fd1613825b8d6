package papers.web;

import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code /.well-known/security.txt} (RFC 9116): where this deployment takes vulnerability reports
 * ({@code PAPERS_SECURITY_CONTACT}). The file must expire, so it says a year from the day it is asked for; without a
 * contact configured there is no file (404), rather than one naming nobody.
 */
final class SecurityTxt {

    private final String contact;
    private final String baseUrl;
    private final Clock clock;

    SecurityTxt(String contact, String baseUrl, Clock clock) {
        this.contact = contact;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    void register(io.javalin.config.RoutesConfig routes) {
        WebServer.get(routes, "/.well-known/security.txt", ctx -> {
            if (contact == null) {
                throw new NotFoundResponse("This server publishes no security contact (PAPERS_SECURITY_CONTACT).");
            }
            String base = baseUrl != null ? baseUrl : ctx.scheme() + "://" + ctx.host();
            ctx.contentType("text/plain; charset=utf-8").result("Contact: " + contact + "\n"
                    + "Expires: " + clock.instant().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS) + "\n"
                    + "Preferred-Languages: en\n"
                    + "Canonical: " + base + "/.well-known/security.txt\n");
        });
    }
}
