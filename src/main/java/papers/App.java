package papers;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import papers.feed.Feeds;
import papers.ingest.DemoData;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.Database;
import papers.paper.PaperStore;
import papers.web.ChangeWatcher;
import papers.web.ResponseCache;
import papers.web.WebServer;

/** Wires Daily Papers together by hand: configuration, then the store, then what uses it. */
public final class App implements AutoCloseable {

    private final Config config;
    private final Database database;
    private final PaperStore papers;
    private final RejectLog rejectLog;
    private final Feeds feeds;
    private ChangeWatcher changes;

    private App(Config config, Database database) {
        this.config = config;
        this.database = database;
        this.papers = new PaperStore(database);
        this.rejectLog = new RejectLog(config.home().resolve("logs").resolve("import-rejected.log"));
        this.feeds = new Feeds(papers, Clock.systemUTC());
    }

    public static App open(Config config) {
        return new App(config, Database.open(config));
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

    /** The web server, with a response cache that follows the store's change log. */
    public WebServer webServer() {
        if (changes == null) {
            changes = new ChangeWatcher(papers);
        }
        return new WebServer(papers, feeds, new ResponseCache(changes));
    }

    public Feeds feeds() {
        return feeds;
    }

    @Override
    public void close() {
        if (changes != null) {
            changes.close();
        }
        rejectLog.close();
        database.close();
    }

}
