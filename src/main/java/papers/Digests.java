package papers;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import papers.community.FollowStore;
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
import papers.paper.Database;
import papers.paper.EmbeddingStore;
import papers.paper.PaperStore;
import papers.recommend.Recommender;
import papers.search.SearchService;
import papers.web.Metrics;

/**
 * Email digests as this process runs them: the subscribers and the ledger of what was sent, mail whose links are
 * signed with the server secret, the subscribe flow, composing and sending a batch over one SMTP connection (counted
 * in the metrics), and the scheduler that sends at the configured hour. {@link App} makes one; what holds the secret
 * or a thread is made on first use.
 */
public final class Digests implements AutoCloseable {

    private final Config config;
    private final Database database;
    private final Clock clock;
    private final SubscriberStore subscribers;
    private final DigestLedger ledger;
    /** What a digest is made of: the store, search (made on first use), vectors, votes, follows, "For you". */
    private final PaperStore papers;
    private final Supplier<SearchService> search;
    private final EmbeddingStore embeddings;
    private final VoteStore votes;
    private final FollowStore follows;
    private final Recommender recommender;
    private final io.micrometer.core.instrument.Counter sent;
    private final io.micrometer.core.instrument.Counter failed;
    private DigestMail mail;
    private DigestScheduler scheduler;
    private boolean closed;

    Digests(Config config, Database database, Clock clock, Metrics metrics, PaperStore papers,
            Supplier<SearchService> search, EmbeddingStore embeddings, VoteStore votes, FollowStore follows,
            Recommender recommender) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.subscribers = new SubscriberStore(database, clock);
        this.ledger = new DigestLedger(database, clock);
        this.papers = papers;
        this.search = search;
        this.embeddings = embeddings;
        this.votes = votes;
        this.follows = follows;
        this.recommender = recommender;
        this.sent = metrics.counter("papers.digests.sent", "digest emails sent");
        this.failed = metrics.counter("papers.digests.failed", "digest emails that failed");
    }

    public SubscriberStore subscribers() {
        return subscribers;
    }

    /** What was sent to whom, each (subscriber, edition) once. */
    public DigestLedger ledger() {
        return ledger;
    }

    /** The site's public address for links in emails: PAPERS_BASE_URL, else this machine on the configured port. */
    public String siteUrl() {
        return config.baseUrl() != null ? config.baseUrl() : "http://localhost:" + config.port();
    }

    /** Signs email links with the server secret kept in PAPERS_HOME/server-secret (made on first use). */
    public synchronized DigestMail mail() {
        if (mail == null) {
            SignedLinks links = new SignedLinks(
                    Secrets.serverKey(config.home().resolve("server-secret")), clock, subscribers::manageVersion);
            mail = new DigestMail(siteUrl(), config.mail().from(), links);
        }
        return mail;
    }

    public SignedLinks links() {
        return mail().links();
    }

    /** A new SMTP connection's sender, or null when no SMTP server is configured. */
    public Supplier<MailTransport> transports() {
        return config.mail().enabled() ? () -> new SmtpSender(config.mail()) : null;
    }

    public SubscribeFlow subscribeFlow() {
        return new SubscribeFlow(subscribers, mail(), transports());
    }

    public DigestComposer composer() {
        return new DigestComposer(papers, search.get(), embeddings, votes, follows, recommender);
    }

    public DigestRun run() {
        return new DigestRun(subscribers, ledger, composer(), mail(), config.mail().digestWeekends());
    }

    /** Sends one batch over SMTP (one connection for the batch) and counts what it did. */
    public DigestRun.Result send(Frequency frequency, LocalDate date, Consumer<String> progress) {
        Supplier<MailTransport> transports = transports();
        if (transports == null) {
            throw new IllegalStateException("no SMTP server is configured: set PAPERS_SMTP_HOST (and "
                    + "PAPERS_SMTP_PORT, PAPERS_SMTP_SECURITY, PAPERS_SMTP_USER, PAPERS_SMTP_PASSWORD)");
        }
        try (MailTransport transport = transports.get()) {
            DigestRun.Result result = run().send(frequency, date, Delivery.standard(transport), progress);
            sent.increment(result.sent());
            failed.increment(result.failed());
            return result;
        }
    }

    /**
     * For {@code serve}: sends digests at the configured hour, when an SMTP server is configured. With several
     * nodes on PostgreSQL one of them sends (an advisory lock); after {@link #close()} it starts nothing.
     */
    public synchronized void startScheduler() {
        if (!config.mail().enabled() || scheduler != null || closed) {
            return;
        }
        Config.Mail settings = config.mail();
        DigestScheduler.Lock lock = database.kind() == Database.Kind.POSTGRESQL
                ? DigestScheduler.postgres(database::jdbi, 0x4449474553L) // "DIGES"
                : DigestScheduler.noLock();
        scheduler = new DigestScheduler(clock, settings.digestZone(), settings.digestHour(),
                settings.digestWeekends(), (frequency, day) -> send(frequency, day, line -> { }), lock);
        scheduler.start();
    }

    /** Stops the scheduler (a batch being sent finishes first); no scheduler starts after this. */
    @Override
    public void close() {
        DigestScheduler s;
        synchronized (this) {
            closed = true;
            s = scheduler;
        }
        if (s != null) {
            s.close();
        }
    }
}
