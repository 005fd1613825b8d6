package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import papers.web.Resilience;

/**
 * Issue 14, failure 2: {@code server.stop()} cut requests in flight (2 to 4 of 6 or 7 got no answer). With
 * {@link Resilience#configure} every request that had started is answered before the server stops.
 */
class DrainTest {

    private static final int IN_FLIGHT = 6;

    @Test
    void stopAnswersEveryRequestInFlight() throws Exception {
        CountDownLatch entered = new CountDownLatch(IN_FLIGHT);
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            Resilience.configure(config);
            config.routes.get("/slow", ctx -> {
                entered.countDown();
                Thread.sleep(800);
                ctx.result("done");
            });
        }).start("127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        server.stop();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("done");
        }
    }
}
