package papers.cli;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import papers.App;
import papers.Config;
import picocli.CommandLine.Command;

/**
 * A training run for the JVM's ahead-of-time cache (JDK 25, JEP 514/515): bin/papers runs it once after each
 * build with -XX:AOTCacheOutput, so later starts find the classes of the store, importer and server already
 * loaded, linked and profiled (first page in about half the time). It uses a throwaway store.
 */
@Command(name = "warmup", hidden = true, description = "Exercise start-up paths once, for the JVM's AOT cache.")
final class WarmupCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path home = Files.createTempDirectory("papers-warmup");
        try (App app = App.open(Config.from(Map.of("PAPERS_HOME", home.toString())))) {
            app.loadDemoDataIfEmpty();
            app.searchParts().indexFollower().rebuild(papers.search.Progress.NONE);
            Javalin server = app.webServer().create().start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String id = app.papers().listedOn(app.papers().newestListingDay().orElseThrow(), 1, 0)
                        .getFirst().id();
                for (String path : List.of("/", "/papers/" + id, "/papers/" + id + "v1", "/nowhere",
                        "/static/site.css", "/papers/trending", "/feed.atom", "/api/daily_papers",
                        "/search?q=attention+layers", "/api/papers/search?q=author%3AHuang")) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            } finally {
                server.stop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
