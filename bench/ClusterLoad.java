import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of bench/cluster: THREADS clients for SECONDS against the load balancer, 4 reads to 1 vote (each vote a
 * new user-paper pair, so an acknowledged vote must be in the database). At half time it kill -9s PID. Prints the
 * failed requests (before and after the kill), the time from the kill to the last failure (after that the survivor
 * carries everything), and whether the database holds exactly the acknowledged votes. A 429 (the voter's limit) is
 * an answer, not a failure: it is counted on its own.
 * Usage: java ClusterLoad.java URL SECONDS THREADS PID JDBC_URL PAPER_IDS_FILE TOKEN...  (PID 0: kill nobody)
 */
public class ClusterLoad {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        long seconds = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long victim = Long.parseLong(args[3]);
        String jdbc = args[4];
        List<String> ids = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[5]));
        List<String> tokens = List.of(args).subList(6, args.length);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicLong requests = new AtomicLong();
        AtomicInteger failedBefore = new AtomicInteger();
        AtomicInteger failedAfter = new AtomicInteger();
        AtomicInteger failedVotes = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        java.util.Map<Integer, AtomicInteger> failedByStatus = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicLong lastFailure = new AtomicLong();
        AtomicLong killedAt = new AtomicLong();
        ConcurrentHashMap<String, Boolean> acked = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    boolean vote = r.nextInt(5) == 0;
                    HttpRequest req;
                    String pair = null;
                    if (vote) {
                        int n = next.getAndIncrement();
                        String token = tokens.get(n % tokens.size());
                        String id = ids.get((n / tokens.size()) % ids.size());
                        pair = token + " " + id;
                        req = HttpRequest.newBuilder(URI.create(base + "/api/papers/" + id + "/upvote"))
                                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody()).build();
                    } else {
                        String path = switch (r.nextInt(3)) {
                            case 0 -> "/";
                            case 1 -> "/api/daily_papers";
                            default -> "/papers/" + ids.get(r.nextInt(ids.size()));
                        };
                        req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
                    }
                    boolean ok;
                    int status;
                    try {
                        status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = 0;
                    }
                    requests.incrementAndGet();
                    if (status == 429) { // the voter's limit (120 a minute, counted in the database): an answer
                        limited.incrementAndGet();
                        continue;
                    }
                    ok = status == 200;
                    if (ok && vote) {
                        acked.put(pair, true);
                    } else if (!ok) {
                        failedByStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        (killedAt.get() == 0 ? failedBefore : failedAfter).incrementAndGet();
                        if (vote) {
                            failedVotes.incrementAndGet();
                        }
                        lastFailure.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                }
            }));
        }
        Thread.sleep(seconds * 500);
        if (victim > 0) { // 0: the baseline, nobody killed
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
            killedAt.set(System.nanoTime());
        }
        for (Thread w : workers) {
            w.join();
        }
        long votesInDb;
        long inconsistent;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM votes");
            rs.next();
            votesInDb = rs.getLong(1);
            rs = c.createStatement().executeQuery("""
                    SELECT COUNT(*) FROM papers p WHERE p.local_upvotes <>
                      (SELECT COUNT(*) FROM votes v WHERE v.paper_id = p.id)""");
            rs.next();
            inconsistent = rs.getLong(1);
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("requests: %,d in %.1f s (%,.0f/s), %d clients, 1 vote in 5%n", requests.get(), total,
                requests.get() / total, threads);
        System.out.printf("failed requests: %d before the kill, %d after it (%d of them votes)%n", failedBefore.get(),
                failedAfter.get(), failedVotes.get());
        if (!failedByStatus.isEmpty()) {
            System.out.printf("failed by HTTP status (0: no answer, the connection failed or timed out after 10 s): %s%n",
                    failedByStatus);
        }
        System.out.printf("votes refused by the per-voter limit (429, shared by the nodes): %,d%n", limited.get());
        long last = lastFailure.get();
        if (killedAt.get() > 0) {
            System.out.printf("time from kill -9 to the last failed request: %s%n", last <= killedAt.get()
                    ? "none failed after it"
                    : String.format("%.2f s (after that the survivor carried all traffic)", (last - killedAt.get()) / 1e9));
        }
        System.out.printf("votes acknowledged: %,d; in the database: %,d; %s%n", acked.size(), votesInDb,
                votesInDb >= acked.size() && votesInDb - acked.size() <= failedVotes.get()
                        ? "exact (every acknowledged vote kept; extra rows only for votes whose answer was lost)"
                        : "NOT EXACT");
        System.out.printf("papers whose local_upvotes differ from their vote rows: %d%n", inconsistent);
    }
}
