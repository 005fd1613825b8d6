package papers;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import papers.community.AccountStore;
import papers.community.PasswordHasher;
import papers.community.ClaimStore;
import papers.community.CommentStore;
import papers.community.FollowStore;
import papers.community.PaperModeration;
import papers.community.SubmissionStore;
import papers.community.Submissions;
import papers.community.Secrets;
import papers.community.VoteStore;
import papers.digest.Delivery;
import papers.digest.DigestComposer;
import papers.digest.DigestLedger;
import papers.digest.DigestMail;
import papers.digest.DigestRun;
import papers.digest.DigestScheduler;
import papers.digest.Frequency;
import papers.digest.MailTransport;
import papers.digest.SignedLinks;
import papers.digest.SmtpSender;
import papers.digest.SubscribeFlow;
import papers.digest.SubscriberStore;
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
import papers.search.EmbeddingWorker;
import papers.search.IndexFollower;
import papers.search.Progress;
import papers.search.SearchIndex;
import papers.search.SearchService;
import papers.web.ResponseCache;
import papers.web.WebServer;

/** Wires Daily Papers together by hand: configuration, then the store, then what uses it. */
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
    private Embedder embedder;
    private SearchIndex index;
    private IndexFollower follower;
    private EmbeddingWorker worker;
    private SearchService search;
    private final Clock clock;
    private final SubscriberStore subscribers;
    private final DigestLedger ledger;
    private DigestMail digestMail;
    private DigestScheduler digestScheduler;
    private final SourceStateStore sourceStates;
    private SourceRunner sourceRunner;
    /** Digest batches without a search index (a command that could not open it) still send; topics match nothing. */
    private boolean digestsWithoutSearch;

    private App(Config config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.papers = new PaperStore(database, clock);
        this.rejectLog = new RejectLog(config.home().resolve("logs").resolve("import-rejected.log"));
        this.feeds = new Feeds(papers, clock);
        this.embeddings = new EmbeddingStore(database, Embedder.MODEL);
        this.accounts = new AccountStore(database, clock, PasswordHasher.standard(), config.sessions().idle(),
                config.sessions().lifetime());
        this.votes = new VoteStore(database, papers, clock);
        this.comments = new CommentStore(database, papers, clock);
        this.follows = new FollowStore(database, papers, clock);
        this.clock = clock;
        this.subscribers = new SubscriberStore(database, clock);
        this.ledger = new DigestLedger(database, clock);
        this.claims = new ClaimStore(database, papers, clock);
        this.submissionStore = new SubmissionStore(database, papers, clock);
        this.moderation = new PaperModeration(database, papers, clock);
        papers.recommend.ReaderStore readers = new papers.recommend.ReaderStore(database, clock);
        this.recommender = new papers.recommend.Recommender(papers, embeddings, readers, votes, follows, clock);
        this.libraryImport = new papers.recommend.LibraryImport(papers, new papers.paper.PaperLookup(database),
                readers);
        this.sourceStates = new SourceStateStore(database, clock);
        // A person waits for the answer: one quick retry, not the importer's patient backoff.
        PoliteHttpClient arxivForSubmissions = new PoliteHttpClient(Duration.ofMillis(config.arxivDelayMillis()),
                Duration.ofMillis(500), 2, d -> Thread.sleep(d.toMillis()));
        this.submissions = new Submissions(papers, submissionStore,
                new ArxivLookup(config.submissions().arxivApiUrl(), arxivForSubmissions), clock,
                config.submissions().maxAgeDays(), config.submissions().dailyLimit());
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

    public SubscriberStore subscribers() {
        return subscribers;
    }

    public DigestLedger digestLedger() {
        return ledger;
    }

    /** The site's public address for links in emails: PAPERS_BASE_URL, else this machine on the configured port. */
    public String siteUrl() {
        return config.baseUrl() != null ? config.baseUrl() : "http://localhost:" + config.port();
    }

    /** Signs email links with the server secret kept in PAPERS_HOME/server-secret (made on first use). */
    public synchronized DigestMail digestMail() {
        if (digestMail == null) {
            SignedLinks links = new SignedLinks(
                    Secrets.serverKey(config.home().resolve("server-secret")), clock, subscribers::manageVersion);
            digestMail = new DigestMail(siteUrl(), config.mail().from(), links);
        }
        return digestMail;
    }

    public SignedLinks signedLinks() {
        return digestMail().links();
    }

    /** A new SMTP connection's sender, or null when no SMTP server is configured. */
    public java.util.function.Supplier<MailTransport> mailTransports() {
        return config.mail().enabled() ? () -> new SmtpSender(config.mail()) : null;
    }

    public SubscribeFlow subscribeFlow() {
        return new SubscribeFlow(subscribers, digestMail(), mailTransports());
    }

    /** For digest commands that could not open the search index: saved searches then match nothing. */
    public synchronized void digestsWithoutSearch() {
        digestsWithoutSearch = true;
    }

    public synchronized DigestComposer digestComposer() {
        return new DigestComposer(papers, digestsWithoutSearch ? null : search(), embeddings, votes, follows,
                recommender);
    }

    public DigestRun digestRun() {
        return new DigestRun(subscribers, ledger, digestComposer(), digestMail(), config.mail().digestWeekends());
    }

    /** Sends one batch over SMTP (one connection for the batch) and logs what it did. */
    public DigestRun.Result sendDigests(Frequency frequency, java.time.LocalDate date,
                                        java.util.function.Consumer<String> progress) {
        java.util.function.Supplier<MailTransport> transports = mailTransports();
        if (transports == null) {
            throw new IllegalStateException("no SMTP server is configured: set PAPERS_SMTP_HOST (and "
                    + "PAPERS_SMTP_PORT, PAPERS_SMTP_SECURITY, PAPERS_SMTP_USER, PAPERS_SMTP_PASSWORD)");
        }
        try (MailTransport transport = transports.get()) {
            return digestRun().send(frequency, date, Delivery.standard(transport), progress);
        }
    }

    /** For {@code serve}: sends digests at the configured hour, when an SMTP server is configured. */
    public synchronized void startDigestScheduler() {
        if (!config.mail().enabled() || digestScheduler != null) {
            return;
        }
        Config.Mail mail = config.mail();
        DigestScheduler.Lock lock = database.kind() == Database.Kind.POSTGRESQL
                ? DigestScheduler.postgres(database::jdbi, 0x4449474553L) // "DIGES"
                : DigestScheduler.noLock();
        digestScheduler = new DigestScheduler(clock, mail.digestZone(), mail.digestHour(), mail.digestWeekends(),
                (frequency, day) -> sendDigests(frequency, day, line -> { }), lock);
        digestScheduler.start();
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

    public static App open(Config config) {
        return open(config, Clock.systemUTC());
    }

    /** With another clock for the time-dependent lists (trending), as tests need. */
    public static App open(Config config, Clock clock) {
        PrivateFiles.folder(config.home()); // owner-only before anything is written in it
        return new App(config, Database.open(config), clock);
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
        return new Importer(papers,
                PoliteHttpClient.withDelay(Duration.ofMillis(config.arxivDelayMillis())), rejectLog);
    }

    public RejectLog rejectLog() {
        return rejectLog;
    }

    /** Loads the bundled demo papers into an empty store, so a first start shows real papers. */
    public boolean loadDemoDataIfEmpty() throws IOException {
        return DemoData.loadIfEmpty(papers, importer());
    }

    /**
     * The process's one follower of the change log; the page cache, the search index and the embedding worker
     * subscribe to it. It starts where the search index stands, so the index misses nothing.
     */
    public synchronized papers.paper.ChangeFollower changeFollower() {
        if (changes == null) {
            changes = new papers.paper.ChangeFollower(papers, searchIndex().appliedSeq(), clock);
        }
        return changes;
    }

    /** The web server, with a response cache that follows the store's change log. */
    public WebServer webServer() {
        papers.paper.ChangeFollower follower = changeFollower();
        follower.start();
        return new WebServer(papers, feeds, search(), new ResponseCache(follower::version), config.baseUrl(), accounts,
                votes, comments, follows, claims, submissions, submissionStore, moderation,
                new papers.community.RateLimits(database, clock,
                        Secrets.serverKey(config.home().resolve("server-secret"))))
                .withDigests(subscribers, subscribeFlow(), digestMail(), this::digestComposer,
                        config.mail().digestWeekends(), clock)
                .withVerification(new papers.digest.AddressVerification(digestMail(), mailTransports()))
                .withSources(() -> sourceRunner == null ? java.util.List.of() : sourceRunner.status(),
                        sourceStates::lastRefresh, clock)
                .withForYou(recommender, libraryImport);
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
            sourceRunner = sourceRunner(file.sources(), spec -> new PoliteHttpClient(
                    Duration.ofMillis(config.arxivDelayMillis()), Duration.ofSeconds(5), 4,
                    d -> Thread.sleep(d.toMillis()), agent));
        }
        return sourceRunner;
    }

    /** With other HTTP clients, as tests need (their waits recorded, not slept). */
    public synchronized SourceRunner sourceRunner(java.util.List<SourceSpec> sources,
                                                  java.util.function.Function<SourceSpec, PoliteHttpClient> http) {
        SourceLock lock = database.kind() == Database.Kind.POSTGRESQL
                ? SourceLock.postgres(database::jdbi) : SourceLock.none();
        sourceRunner = new SourceRunner(sources, papers, sourceStates, http, rejectLog, clock, lock,
                config.githubToken());
        return sourceRunner;
    }

    public Feeds feeds() {
        return feeds;
    }

    public EmbeddingStore embeddings() {
        return embeddings;
    }

    /** The embedding model, loaded on first use; DJL's native files go to PAPERS_HOME/cache/djl, not ~/.djl.ai. */
    public synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = Embedder.open(config.home().resolve("cache").resolve("djl"));
        }
        return embedder;
    }

    /** The search index in PAPERS_HOME/index (derived data: deleted, it is rebuilt from the store). */
    public synchronized SearchIndex searchIndex() {
        if (index == null) {
            index = SearchIndex.open(config.home().resolve("index"));
        }
        return index;
    }

    /**
     * For commands that only search while {@code serve} writes the index: opens it read-only (the server keeps it
     * current). Returns false when this app already holds the index for writing.
     */
    public synchronized boolean useSearchIndexReadOnly() {
        if (index != null) {
            return false;
        }
        index = SearchIndex.openReadOnly(config.home().resolve("index"));
        return true;
    }

    /** Keeps the index in step with the store (see {@link #startSearchUpdates()}); also rebuilds it. */
    public synchronized IndexFollower indexFollower() {
        if (follower == null) {
            follower = new IndexFollower(papers, embeddings, searchIndex());
            // IndexFollower.start subscribes it to changeFollower()
        }
        return follower;
    }

    /** Embeds papers that have none; in the background once {@link #startSearchUpdates()} ran. */
    public synchronized EmbeddingWorker embeddingWorker() {
        if (worker == null) {
            IndexFollower f = indexFollower();
            worker = new EmbeddingWorker(papers, embeddings, this::embedder, f::embedded);
            EmbeddingWorker w = worker;
            changeFollower().subscribe(batch -> { // papers written by other processes need vectors too
                if (!batch.isEmpty()) {
                    w.wake();
                }
            });
        }
        return worker;
    }

    public synchronized SearchService search() {
        if (search == null) {
            search = new SearchService(searchIndex(), embeddings, this::embedder);
        }
        return search;
    }

    /**
     * For {@code serve}: builds the index if it is empty (first start, or its folder was deleted), catches up with
     * the store, then follows it and embeds new papers in the background.
     */
    public void startSearchUpdates() {
        IndexFollower f = indexFollower();
        if (!f.rebuildIfEmpty(Progress.NONE)) {
            f.catchUp();
            f.addMissingVectors();
        }
        f.start(changeFollower());
        embeddingWorker().start();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (digestScheduler != null) {
                digestScheduler.close();
            }
            if (sourceRunner != null) {
                sourceRunner.close();
            }
            if (changes != null) {
                changes.close(); // its subscribers write the index: stop it first
            }
            if (worker != null) {
                worker.close();
            }
            if (follower != null) {
                follower.close();
            }
            if (index != null) {
                index.close();
            }
        }
        rejectLog.close();
        database.close();
    }

}
