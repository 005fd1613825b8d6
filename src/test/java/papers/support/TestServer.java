package papers.support;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import papers.Config;
import papers.feed.Feeds;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.web.ChangeWatcher;
import papers.web.ResponseCache;
import papers.web.WebServer;

/** A real server on a free port over a fresh store, wired as App wires it, for HTTP tests. */
public final class TestServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public final Database database;
    public final PaperStore store;
    private final ChangeWatcher changes;
    private final Javalin server;
    private final RejectLog rejectLog;

    public TestServer(Config config, Clock clock) {
        database = Database.open(config);
        store = new PaperStore(database);
        changes = new ChangeWatcher(store);
        rejectLog = new RejectLog(config.home().resolve("rejected.log"));
        server = new WebServer(store, new Feeds(store, clock), new ResponseCache(changes)).create()
                .start("127.0.0.1", 0);
    }

    public static TestServer sqlite(Path home, Clock clock) {
        return new TestServer(TestStores.sqliteConfig(home), clock);
    }

    /** Imports real fixture files through the importer, as {@code papers import} would. */
    public TestServer importing(String format, String... fixtures) throws Exception {
        Importer importer = new Importer(store, PoliteHttpClient.withDelay(java.time.Duration.ZERO), rejectLog);
        for (String f : fixtures) {
            importer.run(ImportFormat.fromName(format), Fixtures.path(f).toString(), 0, ImportProgress.NONE);
        }
        return this;
    }

    public TestServer with(List<Paper> papers) {
        store.upsert(papers);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
        changes.close();
        rejectLog.close();
        database.close();
    }
}
