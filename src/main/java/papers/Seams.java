package papers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import papers.community.PasswordHasher;
import papers.ingest.PoliteHttpClient;
import papers.search.Embedder;

/**
 * What {@link App} takes from outside besides its {@link Config}: the clock, the password hasher, how it makes the
 * HTTP clients that reach other sites, and how the embedding model opens. The commands pass {@link #production()}
 * (the embed command, which has the machine to itself, a model on every core); tests pass cheap or recording ones: a
 * fixed clock, a minimal-cost hasher, clients whose waits are recorded instead of slept. Everything else App builds
 * from these and the configuration, in its constructor; nothing is switched on it afterwards.
 *
 * @param clock  every time the stores write or compare (sessions, trending, limits, digests)
 * @param hasher account passwords (Argon2id at OWASP's minimum in production)
 * @param http   makes each polite client from its pacing and User-Agent
 * @param model  opens the embedding model with its native files in the given folder
 */
public record Seams(Clock clock, PasswordHasher hasher, HttpClients http, ModelOpener model) {

    /** Makes a polite HTTP client (one request at a time, with a delay between requests and a backoff on errors). */
    @FunctionalInterface
    public interface HttpClients {
        PoliteHttpClient polite(Duration delay, Duration backoff, int maxAttempts, String userAgent);

        /** Clients that sleep their waits, for production. */
        static HttpClients sleeping() {
            return (delay, backoff, attempts, agent) ->
                    new PoliteHttpClient(delay, backoff, attempts, wait -> Thread.sleep(wait.toMillis()), agent);
        }
    }

    /** Opens the embedding model; it is opened on first use, never at construction. */
    @FunctionalInterface
    public interface ModelOpener {
        Embedder open(Path nativeFiles);
    }

    /**
     * The real ones: the system clock, the standard hasher, sleeping clients, and the model on one thread (serving,
     * embedding is background work that yields to readers).
     */
    public static Seams production() {
        return new Seams(Clock.systemUTC(), PasswordHasher.standard(), HttpClients.sleeping(),
                Embedder::openSingleThreaded);
    }

    public Seams withClock(Clock other) {
        return new Seams(other, hasher, http, model);
    }

    public Seams withHasher(PasswordHasher other) {
        return new Seams(clock, other, http, model);
    }

    public Seams withHttp(HttpClients other) {
        return new Seams(clock, hasher, other, model);
    }

    public Seams withModel(ModelOpener other) {
        return new Seams(clock, hasher, http, other);
    }
}
