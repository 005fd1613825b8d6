package papers.support;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.search.Progress;

/**
 * A real server on a free port over a fresh store, wired by {@link App} as {@code serve} wires it, for HTTP tests.
 * The search index follows the store; embeddings are computed only when a test asks ({@link #embedAll()}), since
 * most tests do not need them.
 */
public final class TestServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public final App app;
    public final Database database;
    public final PaperStore store;
    public final papers.web.WebServer web;
    private final Javalin server;

    public TestServer(Config config, Clock clock) {
        app = App.open(config, TestSeams.at(clock));
        database = app.database();
        store = app.papers();
        app.searchParts().indexFollower().start(app.changeFollower());
        web = app.webServer();
        server = web.create().start("127.0.0.1", 0);
    }

    public static TestServer sqlite(Path home, Clock clock) {
        return new TestServer(TestStores.sqliteConfig(home), clock);
    }

    /** Imports real fixture files through the importer, as {@code papers import} would. */
    public TestServer importing(String format, String... fixtures) throws Exception {
        for (String f : fixtures) {
            app.importer().run(ImportFormat.fromName(format), Fixtures.path(f).toString(), 0, ImportProgress.NONE);
        }
        searchable();
        return this;
    }

    public TestServer with(List<Paper> papers) {
        store.upsert(papers);
        searchable();
        return this;
    }

    /** Brings the search index up to date with the store now (the follower would within a second). */
    public TestServer searchable() {
        app.searchParts().indexFollower().catchUp();
        return this;
    }

    /** Computes every missing embedding and puts the vectors in the index, as the background worker would. */
    public TestServer embedAll() {
        app.searchParts().embeddingWorker().embedMissing(Progress.NONE);
        app.searchParts().indexFollower().addMissingVectors();
        return this;
    }

    /** The password of every account made by {@link #user} and {@link #signedIn}. */
    public static final String PASSWORD = "correct horse battery";

    /** Makes an account {@code name} (address {@code name@example.org}, {@link #PASSWORD}) in the store. */
    public long user(String name, boolean admin) {
        return app.accounts().createUser(name, name + "@example.org", PASSWORD, admin).id();
    }

    /**
     * A client logged in as a new account {@code name}: the account and its session are made in the store, so the
     * sign-up and log-in limits per address (10 and 30 a class) stay for the tests of those forms.
     */
    public WebClient signedIn(String name) {
        return signedIn(user(name, false));
    }

    /** A client with a new session of the account {@code userId}. */
    public WebClient signedIn(long userId) {
        WebClient client = new WebClient(this);
        client.cookies.put("papers_session", app.accounts().createSession(userId).token());
        return client;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> head(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
        app.close();
    }
}
