package papers.cli;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import papers.App;
import papers.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the web server. An empty store is first filled with the bundled demo papers.",
            "It listens at once; the demo import, the search index and the embedding model finish in the background "
                + "(/readyz answers 503 until then). SIGTERM drains requests in flight, stops background work, "
                + "then exits 0."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on (default: PAPERS_PORT or 8080)")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--no-demo", description = "do not load the demo papers into an empty store")
    boolean noDemo;

    @Option(names = "--no-sources", description = "follow no sources (PAPERS_HOME/sources.toml, or by default "
            + "Hugging Face's daily list): the store changes only by imports, votes and comments")
    boolean noSources;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        Config config = main.config();
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
            }
            config = config.withPort(port);
        }
        App app = App.open(config);
        var sources = noSources ? null : app.sourceRunner(); // a bad sources.toml stops the start, with its line
        Javalin server = app.webServer().create();
        // Installed before anything runs in the background, so a stop during start-up is ordered too.
        OrderedShutdown shutdown = OrderedShutdown.install(() -> {
            server.stop(); // drains the requests in flight (WebServer sets the grace period)
            app.close();   // background work first, then the index and the store
        });
        server.start(host, config.port());
        if (sources != null) {
            sources.start();
        }
        System.err.println("Daily Papers is serving " + app.papers().count() + " papers at http://"
                + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + server.port() + "/  (store: "
                + config.dbUrl() + ")");
        app.finishStartUpInBackground(!noDemo);
        shutdown.await();
        return 0;
    }
}
