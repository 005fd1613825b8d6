package papers;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import papers.community.AccountStore;
import papers.community.ClaimStore;
import papers.community.CommentStore;
import papers.community.FollowStore;
import papers.community.PaperModeration;
import papers.community.Secrets;
import papers.community.SubmissionStore;
import papers.community.Submissions;
import papers.community.VoteStore;
import papers.feed.Feeds;
import papers.ingest.ArxivLookup;
import papers.ingest.DemoData;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.Database;
import papers.paper.EmbeddingStore;
import papers.paper.PaperStore;
import papers.paper.PrivateFiles;
import papers.sources.SourceLock;
import papers.sources.SourceRunner;
import papers.sources.SourceSpec;
import papers.sources.SourceStateStore;
import papers.sources.SourcesFile;
import papers.search.Embedder;
import papers.paper.ReaderGate;
import papers.search.SearchIndex;
import papers.search.SearchWarmup;
import papers.web.HealthRoutes;
import papers.web.Metrics;
import papers.web.ResponseCache;
import papers.web.WebServer;

/**
 * Wires Daily Papers together by hand: configuration, then the store, then what uses it. The constructor builds the
 * graph from the {@link Config} and the {@link Seams} (clock, password hasher, HTTP clients, model opener), the only
 * things chosen from outside; production passes {@link Seams#production()}, tests cheap or recording ones.
 */
public final class App implements AutoCloseable {

    private final Config config;
    private final Database database;
    private final PaperStore papers;
    private final RejectLog rejectLog;
    private final Feeds feeds;
    private papers.paper.ChangeFollower changes;
    private final EmbeddingStore embeddings;
    private final AccountStore accounts;
    private final VoteStore votes;
    private final CommentStore comments;
    private final FollowStore follows;
    private final ClaimStore claims;
    private final SubmissionStore submissionStore;
    private final Submissions submissions;
    private final PaperModeration moderation;
    private final papers.recommend.Recommender recommender;
    private final papers.recommend.LibraryImport libraryImport;
    private final Digests digests;
    private final SearchParts search;
    private final Clock clock;
    private final Metrics metrics = new Metrics();
    /** The web server tells it of readers' requests; the embedding worker rests while they come. */
    private final ReaderGate readerGate = ReaderGate.standard();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(App.class);
    private final java.util.concurrent.atomic.AtomicReference<String> startUp =
            new java.util.concurrent.atomic.AtomicReference<>("starting");
    private Thread startUpThread;
    /** Set by {@link #beginShutdown()}: the start-up goes no further (search and digests stop their own work). */
    private boolean stopping;
    private final SourceStateStore sourceStates;
    private SourceRunner sourceRunner;
    private final Seams seams;
    /** The importer's client: files need none, URLs are fetched with arXiv's delay and a patient backoff. */
    private final PoliteHttpClient importHttp;
    private final papers.thumbnail.Thumbnails thumbnails;
    private final papers.fulltext.FullText fullText;

    /**
     * Builds the whole graph from the configuration and the seams. What holds files, threads or the model (the
     * search index, the change follower, the embedding worker and model, the digest mail's secret, the sources
     * runner) is made by its accessor on first use, so a command opens only what it needs.
     */
    private App(Config config, Database database, Seams seams) {
        this.config = config;
        this.database = database;
        this.seams = seams;
        Clock clock = seams.clock();
        this.papers = new PaperStore(database, clock);
        this.rejectLog = new RejectLog(config.home().resolve("logs").resolve("import-rejected.log"));
        this.feeds = new Feeds(papers, clock);
        this.embeddings = new EmbeddingStore(database, Embedder.MODEL);
        this.accounts = new AccountStore(database, clock, seams.hasher(), config.sessions().idle(),
                config.sessions().lifetime());
        this.votes = new VoteStore(database, papers, clock);
        this.comments = new CommentStore(database, papers, clock);
        this.follows = new FollowStore(database, papers, clock);
        this.clock = clock;
        this.claims = new ClaimStore(database, papers, clock);
        this.submissionStore = new SubmissionStore(database, papers, clock);
        this.moderation = new PaperModeration(database, papers, clock);
        papers.recommend.ReaderStore readers = new papers.recommend.ReaderStore(database, clock);
        this.recommender = new papers.recommend.Recommender(papers, embeddings, readers, votes, follows, clock);
        this.libraryImport = new papers.recommend.LibraryImport(papers, new papers.paper.PaperLookup(database),
                readers);
        this.search = new SearchParts(config.home(), database, papers, embeddings, clock, seams.model(), readerGate,
                this::changeFollower);
        this.digests = new Digests(config, database, clock, metrics, papers, search::service, embeddings, votes, follows,
                recommender);
        this.sourceStates = new SourceStateStore(database, clock);
        // A person waits for the answer: one quick retry, not the importer's patient backoff.
        Duration arxivDelay = Duration.ofMillis(config.arxivDelayMillis());
        PoliteHttpClient arxivForSubmissions = seams.http().polite(arxivDelay, Duration.ofMillis(500), 2,
                PoliteHttpClient.USER_AGENT);
        this.submissions = new Submissions(papers, submissionStore,
                new ArxivLookup(config.submissions().arxivApiUrl(), arxivForSubmissions), clock,
                config.submissions().maxAgeDays(), config.submissions().dailyLimit());
        this.importHttp = seams.http().polite(arxivDelay, Duration.ofSeconds(5), 5, PoliteHttpClient.USER_AGENT);
        this.thumbnails = new papers.thumbnail.Thumbnails(config.home().resolve("thumbnails"),
                seams.http().polite(arxivDelay, Duration.ofSeconds(5), 5, PoliteHttpClient.USER_AGENT),
                config.submissions().arxivSiteUrl(),
                () -> feeds.newestDay().map(day -> papers.listedBetween(day.minusDays(6), day, 300, 0)
                        .stream().map(p -> p.id()).toList()).orElse(java.util.List.of())).yieldingTo(readerGate);
        this.fullText = new papers.fulltext.FullText(config.home().resolve("fulltext"),
                seams.http().polite(arxivDelay, Duration.ofSeconds(5), 5, PoliteHttpClient.USER_AGENT),
                config.submissions().arxivSiteUrl());
    }

    /** "For you": the readers' signals and the model that ranks papers for each. */
    public papers.recommend.Recommender recommender() {
        return recommender;
    }

    public Submissions submissions() {
        return submissions;
    }

    public PaperModeration moderation() {
        return moderation;
    }

    public SubmissionStore submissionStore() {
        return submissionStore;
    }

    public CommentStore comments() {
        return comments;
    }

    /** Email digests: subscribers, signed mail, sending and the scheduler. */
    public Digests digests() {
        return digests;
    }

    public FollowStore follows() {
        return follows;
    }

    public ClaimStore claims() {
        return claims;
    }

    public VoteStore votes() {
        return votes;
    }

    public AccountStore accounts() {
        return accounts;
    }

    /** The app the commands run: {@link Seams#production()}. */
    public static App open(Config config) {
        return open(config, Seams.production());
    }

    /** With other seams: another clock, a cheaper hasher, recording HTTP clients, another model opener. */
    public static App open(Config config, Seams seams) {
        PrivateFiles.folder(config.home()); // owner-only before anything is written in it
        return new App(config, Database.open(config), seams);
    }

    public Config config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public PaperStore papers() {
        return papers;
    }

    public Importer importer() {
        return new Importer(papers, importHttp, rejectLog);
    }

    public RejectLog rejectLog() {
        return rejectLog;
    }

    /** Loads the bundled demo papers into an empty store, so a first start shows real papers. */
    public boolean loadDemoDataIfEmpty() throws IOException {
        return DemoData.loadIfEmpty(papers, new papers.paper.AppState(database), importer());
    }

    /** The meters of this process, shown at /metrics. */
    public Metrics metrics() {
        return metrics;
    }

    /** The meters whose numbers live in the store, the index, the pool and the embedder: read when scraped. */
    private void measure(ResponseCache cache) {
        metrics.functionCounter("papers.cache.hits", "answers served from the response cache", cache,
                ResponseCache::hits);
        metrics.functionCounter("papers.cache.misses", "answers rendered (not in the cache, or stale)", cache,
                ResponseCache::misses);
        // The index is taken once: a scrape or probe must not wait for the App's lock (held through the start-up).
        metrics.gauge("papers.changelog.lag.index", "change-log entries the search index has not applied",
                search.index(), i -> Math.max(0, papers.lastChange() - i.appliedSeq()));
        metrics.gauge("papers.changelog.lag.cache", "change-log entries the response cache has not seen", cache,
                c -> Math.max(0, papers.lastChange() - c.version()));
        metrics.gauge("papers.embedding.backlog", "papers without a stored embedding", embeddings,
                EmbeddingStore::countMissing);
        metrics.functionCounter("papers.embedding.computed", "texts embedded by this process", search,
                s -> s.embedderIfLoaded() == null ? 0 : s.embedderIfLoaded().textsEmbedded());
        if (database.dataSource() instanceof com.zaxxer.hikari.HikariDataSource pool) {
            metrics.gauge("papers.db.pool.active", "connections in use", pool,
                    p -> p.getHikariPoolMXBean().getActiveConnections());
            metrics.gauge("papers.db.pool.idle", "idle connections", pool,
                    p -> p.getHikariPoolMXBean().getIdleConnections());
            metrics.gauge("papers.db.pool.pending", "threads waiting for a connection", pool,
                    p -> p.getHikariPoolMXBean().getThreadsAwaitingConnection());
        }
    }

    /**
     * The process's one follower of the change log; the page cache, the search index and the embedding worker
     * subscribe to it. It starts where the search index stands, so the index misses nothing.
     */
    public synchronized papers.paper.ChangeFollower changeFollower() {
        if (changes == null) {
            changes = new papers.paper.ChangeFollower(papers, search.index().appliedSeq(), clock);
        }
        return changes;
    }

    /** The web server, with a response cache that follows the store's change log. */
    public WebServer webServer() {
        papers.paper.ChangeFollower follower = changeFollower();
        follower.start();
        // Taken once: /readyz must not wait for the App's lock, which the start-up holds while it catches up.
        SearchIndex probed = search.index();
        ResponseCache cache = new ResponseCache(follower::version);
        measure(cache);
        return new WebServer(papers, feeds, search.service(), cache, config.baseUrl(), accounts,
                votes, comments, follows, claims, submissions, submissionStore, moderation,
                new papers.community.RateLimits(database, clock,
                        Secrets.serverKey(config.home().resolve("server-secret"))))
                .withHealth(new HealthRoutes(() -> readiness(probed), () -> database.jdbi().withHandle(h -> h.execute("SELECT 1")),
                        () -> Math.max(0, papers.lastChange() - probed.appliedSeq()), metrics))
                .withDigests(digests.subscribers(), digests.subscribeFlow(), digests.mail(), digests::composer,
                        config.mail().digestWeekends(), clock)
                .withVerification(new papers.digest.AddressVerification(digests.mail(), digests.transports()))
                .withFullText(fullText())
                .withThumbnails(thumbnails())
                .withSources(() -> sourceRunner == null ? java.util.List.of() : sourceRunner.status(),
                        sourceStates::lastRefresh, clock)
                .withForYou(recommender, libraryImport)
                .withSecurityContact(config.securityContact(), clock)
                .withReaderGate(readerGate);
    }

    public SourceStateStore sourceStates() {
        return sourceStates;
    }

    /** The sources file in PAPERS_HOME (or the defaults when there is none), checked. */
    public SourcesFile.Sources sourcesFile() {
        return SourcesFile.load(config.home(), java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
    }

    /**
     * The runner of the sources file's sources, each with its own polite HTTP client (User-Agent naming this
     * instance); nothing runs until {@link SourceRunner#start()} or {@link SourceRunner#runNow}.
     */
    public synchronized SourceRunner sourceRunner() {
        if (sourceRunner == null) {
            SourcesFile.Sources file = sourcesFile();
            String agent = PoliteHttpClient.userAgent(config.baseUrl(), file.contact());
            sourceRunner = sourceRunner(file.sources(), spec -> seams.http().polite(
                    Duration.ofMillis(config.arxivDelayMillis()), Duration.ofSeconds(5), 4, agent));
        }
        return sourceRunner;
    }

    /** With other HTTP clients, as tests need (their waits recorded, not slept). */
    public synchronized SourceRunner sourceRunner(java.util.List<SourceSpec> sources,
                                                  java.util.function.Function<SourceSpec, PoliteHttpClient> http) {
        SourceLock lock = database.kind() == Database.Kind.POSTGRESQL
                ? SourceLock.postgres(database::jdbi) : SourceLock.none();
        sourceRunner = new SourceRunner(sources, papers, sourceStates, http, rejectLog, clock, lock,
                config.githubToken()).onRun((name, ok) -> {
                    metrics.counter("papers.source.runs", "source runs finished (failed ones too)", "source", name)
                            .increment();
                    if (!ok) {
                        metrics.counter("papers.source.failures", "source runs that failed", "source", name)
                                .increment();
                    }
                });
        return sourceRunner;
    }

    /** Page-1 thumbnails of the papers listed in the newest week, kept in PAPERS_HOME/thumbnails. */
    public papers.thumbnail.Thumbnails thumbnails() {
        return thumbnails;
    }

    /** Papers' whole text from arXiv's HTML versions, kept in PAPERS_HOME/fulltext (fetched once started). */
    public papers.fulltext.FullText fullText() {
        return fullText;
    }

    /** Starts the background fetchers of what readers see beside the metadata (full text), for `serve`. */
    public void startReaderFetchers() {
        fullText().start();
        thumbnails().start();
    }

    public Feeds feeds() {
        return feeds;
    }

    public EmbeddingStore embeddings() {
        return embeddings;
    }

    /** Search: the index, its follower, the embedding model and worker, and the service readers search through. */
    public SearchParts searchParts() {
        return search;
    }

    /**
     * For {@code serve}, after it listens: loads the demo set (when asked and the store is empty or holds an
     * unfinished demo), builds or catches up the index, starts the background work, warms a large index's search
     * path ({@link SearchWarmup}) and loads the embedding model, so no reader's first search waits for them.
     * {@link #startUp()} says how far it got; {@code /readyz} reports it.
     */
    public void finishStartUp(boolean demo) {
        try {
            if (demo && !isStopping() && loadDemoDataIfEmpty()) {
                LOG.info("loaded {} demo papers into the empty store", papers.count());
            }
            if (isStopping()) {
                return;
            }
            search.startUpdates();
            digests.startScheduler();
            startReaderFetchers(); // full text and thumbnails, politely, in the background
            SearchWarmup.run(search.service(), this::isStopping, // none for a small index
                    (done, total) -> startUp.set("warming up search (" + done + " of " + total + " searches)"));
            startUp.set("ready");
            if (!isStopping()) {
                search.embedder().embed("warm up"); // the model's first use loads it (half a second): not on a reader's time
            }
        } catch (IOException | RuntimeException e) {
            if (isStopping()) {
                return; // stopped while starting: an unfinished demo resumes at the next start
            }
            startUp.set("failed: " + e.getMessage());
            LOG.error("start-up failed: {}", e.toString());
        }
    }

    /** Runs {@link #finishStartUp} on a low-priority thread that {@link #beginShutdown()} waits for. */
    public synchronized void finishStartUpInBackground(boolean demo) {
        if (startUpThread == null && !stopping) {
            startUpThread = Thread.ofPlatform().name("start-up").daemon().priority(Thread.MIN_PRIORITY)
                    .start(() -> finishStartUp(demo));
        }
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** {@link #startUp()}, or that the search index is being rebuilt after damage found while serving. */
    private String readiness(SearchIndex probed) {
        String start = startUp();
        return !start.startsWith("failed") && probed.isRebuilding()
                ? "rebuilding the damaged search index from the store" : start;
    }

    /** "starting", "ready" or "failed: why": how far {@link #finishStartUp} got. */
    public String startUp() {
        return startUp.get();
    }

    /**
     * The first step of an ordered stop, before the web server drains: background work stops (the embedding worker
     * finishes its batch and exits) and no embedding model is loaded any more. The rest is {@link #close()}.
     */
    public void beginShutdown() {
        Thread s;
        synchronized (this) {
            stopping = true;
            s = startUpThread;
        }
        search.stop();
        if (s != null && s != Thread.currentThread()) {
            try {
                s.join(60_000); // it may be loading the model: onnxruntime must be idle before its hook runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        digests.close();
        search.stopWorker(); // joins its thread: no thread of ours is inside onnxruntime after this
    }

    @Override
    public void close() {
        beginShutdown();
        synchronized (this) {
            fullText.close();
            thumbnails.close();
            if (sourceRunner != null) {
                sourceRunner.close();
            }
            if (changes != null) {
                changes.close(); // its subscribers write the index: stop it first
            }
        }
        search.close();
        rejectLog.close();
        database.close();
    }

}
