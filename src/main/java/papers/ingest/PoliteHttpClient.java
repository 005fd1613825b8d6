package papers.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.zip.GZIPInputStream;

/**
 * Fetches from live sources the way arXiv asks robots to: one request at a time, a pause between requests,
 * and on 503 (or 429) a wait for {@code Retry-After} or an exponential backoff before trying again.
 */
public final class PoliteHttpClient {

    /** How the client waits; tests record the waits instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final String USER_AGENT = "DailyPapers/0.1 (self-hosted paper hub; one request at a time)";
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final HttpClient http;
    private final Duration delay;
    private final Duration backoff;
    private final int maxAttempts;
    private final Sleeper sleeper;
    private long lastRequestNanos;
    private boolean anyRequest;

    /**
     * @param delay       the least time between the start of two requests
     * @param backoff     the first retry wait when the server gives no Retry-After; doubles each attempt
     * @param maxAttempts attempts per request, first one included
     */
    public PoliteHttpClient(Duration delay, Duration backoff, int maxAttempts, Sleeper sleeper) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        this.delay = delay;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.sleeper = sleeper;
    }

    public static PoliteHttpClient withDelay(Duration delay) {
        return new PoliteHttpClient(delay, Duration.ofSeconds(5), 5, d -> Thread.sleep(d.toMillis()));
    }

    /** GETs {@code uri} and returns its body; the caller reads and closes it before the next request. */
    public synchronized InputStream get(URI uri) throws IOException {
        IOException last = null;
        Duration wait = backoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            pause();
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri)
                        .header("User-Agent", USER_AGENT)
                        .header("Accept-Encoding", "gzip")
                        .timeout(Duration.ofMinutes(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) { // refused, reset, timed out: worth another try after a wait
                last = new IOException("cannot reach " + uri + ": " + describe(e), e);
                sleep(wait);
                wait = wait.multipliedBy(2);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + uri, e);
            }
            int status = response.statusCode();
            if (status == 200) {
                InputStream body = response.body();
                boolean gzip = response.headers().firstValue("Content-Encoding")
                        .map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                return gzip ? new GZIPInputStream(body, 1 << 16) : body;
            }
            response.body().close();
            if (status == 503 || status == 429) {
                Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                last = new IOException(uri + " answered " + status + " (busy) " + attempt + " times");
                sleep(retryAfter != null ? retryAfter : wait);
                wait = wait.multipliedBy(2);
                continue;
            }
            throw new IOException(uri + " answered HTTP " + status);
        }
        throw last;
    }

    private void pause() throws IOException {
        long now = System.nanoTime();
        if (anyRequest) {
            long waitNanos = delay.toNanos() - (now - lastRequestNanos);
            if (waitNanos > 0) {
                sleep(Duration.ofNanos(waitNanos));
            }
        }
        anyRequest = true;
        lastRequestNanos = System.nanoTime();
    }

    private void sleep(Duration d) throws IOException {
        try {
            sleeper.sleep(d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to fetch", e);
        }
    }

    /** Retry-After is either seconds or an HTTP date; anything else is ignored. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
