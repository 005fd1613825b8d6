package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import papers.support.TestServer;
import papers.support.EveryStore;

/**
 * 200 users vote and unvote the same papers from parallel threads through HTTP; afterwards every paper's count is
 * its imported count plus exactly its vote rows. Run on SQLite and PostgreSQL.
 */
class VoteConcurrencyTest extends EveryStore {

    static final int USERS = 200;
    static final int OPS_PER_USER = 6;
    static final List<String> PAPERS = List.of("2405.15738", "2405.15574", "2405.15071");

    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsEqualVoteRowsAfterConcurrentVoting() throws Exception {
        server = new TestServer(storeConfig(), Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2024-05-27.json");
        Map<String, Integer> imported = new HashMap<>();
        for (String id : PAPERS) {
            imported.put(id, server.store.find(id).orElseThrow().upvotes());
        }
        // Users made directly in the database (an Argon2 hash each would only slow the test); tokens as the CLI makes them.
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            int n = i;
            server.database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO users (username, username_key, email, "
                    + "password_hash, is_admin, created_at) VALUES (?, ?, ?, 'x', 0, '2026-01-01T00:00:00Z')")
                    .bind(0, "voter" + n).bind(1, "voter" + n).bind(2, "voter" + n + "@example.org").execute());
            long id = server.app.accounts().findUser("voter" + i).orElseThrow().id();
            tokens.add(server.app.accounts().createToken(id, "test"));
        }
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String token = tokens.get(u);
            Random random = new Random(u);
            results.add(pool.submit(() -> {
                go.await();
                int failures = 0;
                for (int k = 0; k < OPS_PER_USER; k++) {
                    String paper = PAPERS.get(random.nextInt(PAPERS.size()));
                    boolean on = random.nextInt(3) > 0;
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create(server.url("/api/papers/" + paper + "/upvote")))
                            .header("Authorization", "Bearer " + token)
                            .method(on ? "POST" : "DELETE", HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("\"upvoted\":" + on)) {
                        failures++;
                    }
                }
                return failures;
            }));
        }
        go.countDown();
        int failures = 0;
        for (Future<Integer> f : results) {
            failures += f.get();
        }
        pool.shutdown();
        assertThat(failures).isZero();
        long totalVotes = 0;
        for (String id : PAPERS) {
            long rows = server.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM votes WHERE paper_id = ?").bind(0, id).mapTo(Long.class).one());
            int local = server.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT local_upvotes FROM papers WHERE id = ?").bind(0, id).mapTo(Integer.class).one());
            totalVotes += rows;
            assertThat(local).as(id).isEqualTo(rows);
            assertThat(server.store.find(id).orElseThrow().upvotes()).as(id).isEqualTo(imported.get(id) + rows);
        }
        assertThat(totalVotes).isPositive();
    }
}
