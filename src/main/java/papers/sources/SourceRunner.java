package papers.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.ingest.ImportReport;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.PaperStore;

/**
 * Runs the sources of {@code sources.toml}: now, in the foreground ({@code papers sources run}), or on their
 * schedules from {@code serve}. A run happens under the source's {@link SourceLock} and re-checks, under it, that
 * the source is still due (another node may just have run it), so N nodes run each source once. A failure is one
 * log line and a longer wait before the next try (the interval doubled per failure in a row, up to a day or the
 * interval); it never stops the server or the other sources. Runs use at most two low-priority threads: readers
 * come first.
 */
public final class SourceRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);
    private static final int THREADS = 2;

    /** A source as {@code sources} lists it: its definition, stored state and next run. */
    public record Status(SourceSpec spec, SourceState state, Instant nextRun) { }

    private final Map<String, SourceSpec> specs = new LinkedHashMap<>();
    private final PaperStore papers;
    private final SourceStateStore states;
    private final Function<SourceSpec, PoliteHttpClient> http;
    private final RejectLog rejects;
    private final Clock clock;
    private final SourceLock lock;
    private final String githubToken;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Set by {@link #close()}: a run it interrupts was stopped, not failed. */
    private volatile boolean closing;
    private final Map<String, PoliteHttpClient> clients = new ConcurrentHashMap<>();
    /** Told each run's source name and whether it succeeded (the metrics count them). */
    private volatile java.util.function.BiConsumer<String, Boolean> onRun = (name, ok) -> { };
    private ScheduledExecutorService ticker;
    private ExecutorService workers;

    /**
     * @param http the HTTP client of a source (each has its own, so one source's pauses do not hold another's)
     */
    public SourceRunner(List<SourceSpec> sources, PaperStore papers, SourceStateStore states,
                        Function<SourceSpec, PoliteHttpClient> http, RejectLog rejects, Clock clock, SourceLock lock,
                        String githubToken) {
        sources.forEach(s -> specs.put(s.name(), s));
        this.papers = papers;
        this.states = states;
        this.http = http;
        this.rejects = rejects;
        this.clock = clock;
        this.lock = lock;
        this.githubToken = githubToken;
    }

    /** Tells {@code listener} of every finished run (scheduled or run now): the source's name and whether it succeeded. */
    public SourceRunner onRun(java.util.function.BiConsumer<String, Boolean> listener) {
        this.onRun = listener;
        return this;
    }

    public List<SourceSpec> sources() {
        return List.copyOf(specs.values());
    }

    /** Every source with its state and when it runs next. */
    public List<Status> status() {
        List<Status> out = new ArrayList<>();
        for (SourceSpec s : specs.values()) {
            SourceState state = states.find(s.name()).orElse(SourceState.empty(s.name(), s.kind().key()));
            out.add(new Status(s, state, nextRun(s, state)));
        }
        return out;
    }

    /** When a source is due: at once if it never ran, else after its interval, longer after failures. */
    Instant nextRun(SourceSpec spec, SourceState state) {
        if (state.lastRun() == null) {
            return state.pausedUntil() != null ? state.pausedUntil() : clock.instant();
        }
        Duration wait = spec.every();
        if (state.failures() > 0) {
            Duration cap = spec.every().compareTo(Duration.ofDays(1)) > 0 ? spec.every() : Duration.ofDays(1);
            wait = spec.every().multipliedBy(1L << Math.min(state.failures() - 1, 20));
            if (wait.compareTo(cap) > 0) {
                wait = cap;
            }
        }
        Instant next = state.lastRun().plus(wait);
        return state.pausedUntil() != null && state.pausedUntil().isAfter(next) ? state.pausedUntil() : next;
    }

    /**
     * Runs the source now, in this thread, whether due or not.
     *
     * @throws IllegalArgumentException when there is no source of that name
     * @throws IllegalStateException    when another process is running it
     * @throws Exception                what the run failed with (also stored as its last error)
     */
    public ImportReport runNow(String name) throws Exception {
        SourceSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no source named '" + name + "'; sources: "
                    + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet())));
        }
        Optional<ImportReport> report = lock.runAlone(name, () -> runOnce(spec));
        return report.orElseThrow(() -> new IllegalStateException("source " + name
                + " is running in another process; try again when it is done"));
    }

    private ImportReport runOnce(SourceSpec spec) throws Exception {
        Instant lastRun = states.find(spec.name()).map(SourceState::lastRun).orElse(null);
        states.started(spec.name(), spec.kind().key());
        try {
            ImportReport report = source(spec).run();
            states.succeeded(spec.name(), report);
            onRun.accept(spec.name(), true);
            return report;
        } catch (Exception e) {
            if (closing) { // a shutdown stopped it: not a failure (no back-off), and due again at the next start
                boolean interrupted = Thread.interrupted(); // the pool's interrupt would fail the store's write
                try {
                    states.stopped(spec.name(), lastRun);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw new StoppedException(e);
            }
            onRun.accept(spec.name(), false);
            states.failed(spec.name(), describe(e));
            throw e;
        }
    }

    /** A run stopped by {@link #close()}; what it had stored (a harvest's pages) stays. */
    static final class StoppedException extends Exception {
        StoppedException(Throwable cause) {
            super("stopped by shutdown", cause);
        }
    }

    private Source source(SourceSpec spec) {
        PoliteHttpClient client = clients.computeIfAbsent(spec.name(), n -> http.apply(spec));
        return switch (spec.kind()) {
            case HF_DAILY -> new HfDailySource(spec, papers, client, rejects, clock);
            case ARXIV_OAI -> new ArxivOaiSource(spec, papers, states, client, rejects);
            case ARXIV_ENRICH -> new ArxivEnrichSource(spec, papers, states, client, rejects);
            case GITHUB_STARS -> new GithubStarsSource(spec, papers, states, client, githubToken, clock);
        };
    }

    /** Follows the sources on their schedules until closed. */
    public synchronized void start() {
        if (ticker != null || specs.isEmpty()) {
            return;
        }
        workers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "source-runner");
                    t.setDaemon(true);
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                });
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "source-ticker");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        long shortest = specs.values().stream().mapToLong(s -> s.every().toMillis()).min().orElse(60_000);
        long tick = Math.max(200, Math.min(30_000, shortest / 4));
        ticker.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        LOG.info("following {} source(s): {}", specs.size(), String.join(", ", specs.keySet()));
    }

    private void tick() {
        try {
            List<Status> all = status();
            Instant now = clock.instant(); // after status(): a source that never ran is due "now" as of then
            for (Status s : all) {
                if (!s.nextRun().isAfter(now) && running.add(s.spec().name())) {
                    workers.execute(() -> runScheduled(s.spec()));
                }
            }
        } catch (RuntimeException e) { // the store is away: the next tick tries again
            LOG.warn("cannot read the sources' state: {}", describe(e));
        }
    }

    private void runScheduled(SourceSpec spec) {
        try {
            lock.runAlone(spec.name(), () -> {
                // Under the lock: another node may have run it since this node's tick read the state.
                SourceState state = states.find(spec.name()).orElse(SourceState.empty(spec.name(), spec.kind().key()));
                if (nextRun(spec, state).isAfter(clock.instant())) {
                    return null;
                }
                ImportReport report = runOnce(spec);
                LOG.info("source {}: {}", spec.name(), report.summaryLine());
                return report;
            });
        } catch (StoppedException e) {
            LOG.info("source {} stopped by shutdown; it runs again at the next start", spec.name());
        } catch (Exception e) {
            int failures = states.find(spec.name()).map(SourceState::failures).orElse(1);
            LOG.warn("source {} failed ({} in a row): {}", spec.name(), failures, describe(e));
        } finally {
            running.remove(spec.name());
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (ticker != null) {
            ticker.shutdownNow();
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
