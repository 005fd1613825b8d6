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
 * Fetches from live sources the way arXiv asks robots to: one request at a time, a pause between two requests to
 * the same host, and on 503 (or 429) a wait for {@code Retry-After} or an exponential backoff before trying again.
 * The User-Agent names this instance (its base URL and a contact) so an operator of the remote service can reach
 * whoever runs it.
 */
public final class PoliteHttpClient {

    /** How the client waits; tests record the waits instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final String USER_AGENT = "DailyPapers/0.1 (self-hosted paper hub; one request at a time)";
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** An answer read whole: sources look at the status and headers (ETag, rate limits) themselves. */
    public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http;
    private final Duration delay;
    private final Duration backoff;
    private final int maxAttempts;
    private final Sleeper sleeper;
    private final String userAgent;
    /** When the last request to each host started (System.nanoTime): the delay is per host. */
    private final java.util.Map<String, Long> lastRequestNanos = new java.util.HashMap<>();

    /**
     * @param delay       the least time between the start of two requests
     * @param backoff     the first retry wait when the server gives no Retry-After; doubles each attempt
     * @param maxAttempts attempts per request, first one included
     */
    public PoliteHttpClient(Duration delay, Duration backoff, int maxAttempts, Sleeper sleeper) {
        this(delay, backoff, maxAttempts, sleeper, USER_AGENT);
    }

    public PoliteHttpClient(Duration delay, Duration backoff, int maxAttempts, Sleeper sleeper, String userAgent) {
        this.userAgent = userAgent;
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

    /**
     * The User-Agent of an instance: names its public address and, when given, a contact (an email address), as
     * arXiv and GitHub ask of robots.
     */
    public static String userAgent(String baseUrl, String contact) {
        StringBuilder about = new StringBuilder("self-hosted paper hub");
        if (baseUrl != null) {
            about.append("; +").append(baseUrl);
        }
        if (contact != null && !contact.isBlank()) {
            about.append("; ").append(contact.strip());
        }
        return "DailyPapers/0.1 (" + about + ")";
    }

    public String userAgent() {
        return userAgent;
    }

    /**
     * GETs {@code uri} with extra request headers and returns the whole answer, whatever its status, after the same
     * pauses and 429/503 retries as {@link #get}; a 429/503 that outlasts the attempts is returned too.
     */
    public synchronized Response fetch(URI uri, java.util.Map<String, String> headers) throws IOException {
        HttpResponse<byte[]> response = exchange(uri, headers, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** GETs {@code uri} and returns its body; the caller reads and closes it before the next request. */
    public synchronized InputStream get(URI uri) throws IOException {
        HttpResponse<InputStream> response = exchange(uri, java.util.Map.of("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status != 200) {
            response.body().close();
            throw new IOException(uri + " answered " + (busy(status)
                    ? status + " (busy) " + maxAttempts + " times" : "HTTP " + status));
        }
        boolean gzip = response.headers().firstValue("Content-Encoding")
                .map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
        return gzip ? new GZIPInputStream(response.body(), 1 << 16) : response.body();
    }

    /**
     * The one request loop: before each attempt the pause for the host; a failure to connect (refused, reset, timed
     * out) or a 429/503 is tried again after {@code Retry-After} or the backoff, which doubles each time. Returns
     * the last answer, busy or not; throws when the last attempt could not reach the host.
     */
    private <T> HttpResponse<T> exchange(URI uri, java.util.Map<String, String> headers,
                                         HttpResponse.BodyHandler<T> body) throws IOException {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            pause(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("User-Agent", userAgent)
                    .timeout(Duration.ofMinutes(2)).GET();
            headers.forEach(request::header);
            Duration retryAfter = null;
            try {
                HttpResponse<T> response = http.send(request.build(), body);
                if (!busy(response.statusCode()) || attempt >= maxAttempts) {
                    return response;
                }
                if (response.body() instanceof java.io.Closeable stream) {
                    stream.close();
                }
                retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                if (attempt >= maxAttempts) {
                    throw new IOException("cannot reach " + uri + ": " + describe(e), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + uri, e);
            }
            sleep(retryAfter != null ? retryAfter : wait);
            wait = wait.multipliedBy(2);
        }
    }

    /** A server asking us to come back later: worth another try. */
    private static boolean busy(int status) {
        return status == 503 || status == 429;
    }

    private void pause(URI uri) throws IOException {
        String host = uri.getHost() + ":" + uri.getPort();
        Long last = lastRequestNanos.get(host);
        if (last != null) {
            long waitNanos = delay.toNanos() - (System.nanoTime() - last);
            if (waitNanos > 0) {
                sleep(Duration.ofNanos(waitNanos));
            }
        }
        lastRequestNanos.put(host, System.nanoTime());
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
