package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.support.Fixtures;
import papers.support.TestServer;

/**
 * Issue 14, failure 4, while serving: a truncated index file made every search a 500; a deleted index folder made the
 * follower retry four times a second forever, and {@code papers search} then built a second index in the same
 * place. Now searches answer 503 "being rebuilt" while the index is rebuilt from the store in the background, then
 * answer again. (The CLI's side: {@code cli.SearchCliTest}.)
 */
class LiveIndexDamageTest {

    private static final String QUERY = "/api/papers/search?q=language+model";

    @TempDir
    Path home;

    @Test
    void truncatedFilesWhileServingAnswer503UntilTheIndexIsRebuilt() throws Exception {
        try (TestServer server = TestServer.sqlite(home, Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2024-05-27.json")) {
            HttpResponse<String> before = server.get(QUERY);
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.body()).contains("\"id\":");
            for (Path p : indexFiles()) {
                if (!p.getFileName().toString().equals("write.lock")) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.truncate(ch.size() / 2);
                    }
                }
            }

            synchronized (server.app.searchParts().indexFollower()) { // holds the repair back while the test looks
                HttpResponse<String> damaged = server.get(QUERY); // this search meets the damage: it is not a 500
                assertThat(damaged.statusCode()).isEqualTo(503);
                assertThat(damaged.body()).contains("The search index is being rebuilt");
                assertThat(damaged.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(server.get("/search?q=language+model").statusCode()).isEqualTo(503);
                // the asker's error comes first, even while the index is being rebuilt
                HttpResponse<String> tooDeep = server.get("/search?q=language+model&page=9999");
                assertThat(tooDeep.statusCode()).isEqualTo(400);
                assertThat(tooDeep.body()).contains("results stop at 10000");
                HttpResponse<String> ready = server.get("/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"reason\":\"rebuilding the damaged search index from the store\"");
            }

            server.app.searchParts().indexFollower().awaitRepair();
            HttpResponse<String> after = server.get(QUERY);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).isEqualTo(before.body());
            assertThat(server.app.searchParts().index().size()).isEqualTo(server.store.count());
            assertThat(server.get("/readyz").body()).doesNotContain("rebuilding"); // (still starting: not run here)
        }
    }

    @Test
    void aDeletedFolderWhileServingIsRebuiltAndFollowedAgain() throws Exception {
        try (TestServer server = TestServer.sqlite(home, Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2024-05-27.json")) {
            String before = server.get(QUERY).body();
            deleteIndexFolder();

            server.app.changeFollower().poll(); // one round of the follower: it sees the folder gone
            server.app.searchParts().indexFollower().awaitRepair();

            assertThat(home.resolve("index").resolve("write.lock")).exists();
            assertThat(server.app.searchParts().index().filesGone()).isFalse();
            assertThat(server.get(QUERY).body()).isEqualTo(before);
            // Followed again (before, every commit failed): a new day's papers become searchable.
            server.app.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2026-08-21.json").toString(), 0, ImportProgress.NONE);
            server.app.changeFollower().poll();
            HttpResponse<String> google = server.get("/api/papers/search?q=org:google");
            assertThat(google.statusCode()).isEqualTo(200);
            assertThat(google.body()).contains("2608.19880");
            assertThat(server.app.searchParts().index().size()).isEqualTo(server.store.count());
        }
    }

    private List<Path> indexFiles() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("index"))) {
            return s.toList();
        }
    }

    private void deleteIndexFolder() throws IOException {
        try (Stream<Path> all = Files.walk(home.resolve("index"))) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
