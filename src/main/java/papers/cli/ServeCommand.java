package papers.cli;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import papers.App;
import papers.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the web server. An empty store is first filled with the bundled demo papers.")
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
        if (!noDemo && app.loadDemoDataIfEmpty()) {
            System.err.println("Loaded " + app.papers().count() + " demo papers into the empty store.");
        }
        app.startSearchUpdates(); // builds the search index first when it is missing
        app.startDigestScheduler(); // when an SMTP server is configured
        Javalin server = app.webServer().create();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            app.close();
            stopped.countDown();
        }, "shutdown"));
        server.start(host, config.port());
        if (sources != null) {
            sources.start();
        }
        System.err.println("Daily Papers is serving " + app.papers().count() + " papers at http://"
                + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + server.port() + "/  (store: "
                + config.dbUrl() + ")");
        stopped.await();
        return 0;
    }
}
