import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import papers.App;
import papers.Config;
import papers.community.Follow;
import papers.digest.Delivery;
import papers.digest.DigestRun;
import papers.digest.Frequency;
import papers.digest.SmtpSender;
import papers.paper.Paper;
import papers.search.Embedder;
import papers.search.Progress;

/**
 * Composes and sends N digests (default 10,000) over SMTP to a minimal SMTP sink in this process, through the real
 * path (SQLite store, ledger claim and mark per message, composer, MIME, Jakarta Mail), and prints digests/s and peak
 * heap against a baseline measured in the same run: the same sink fed a fixed message N times by the same sender.
 * Readers: the bundled demo papers; a daily digest for the day after the newest listing day; every reader has 0-3
 * saved searches from a pool of 40; one in ten is linked to one of 200 accounts that follow 3 authors and 1
 * organization and upvoted 5 papers (real embeddings of those papers and of the period's, computed here).
 */
public class DigestBench {

    static final String[] TOPICS = {"diffusion", "agents", "reasoning", "video generation", "retrieval",
        "reinforcement learning", "benchmark", "mixture of experts", "quantization", "speech", "robotics",
        "multimodal", "\"large language models\"", "attention", "tokenizer", "alignment", "code generation",
        "3D", "segmentation", "math", "long context", "distillation", "safety", "vision language", "world model",
        "memory", "planning", "graph", "medical", "audio", "image editing", "scaling", "pretraining", "RLHF",
        "hallucination", "evaluation", "sparse", "efficient inference", "embodied", "dataset"};

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path home = Path.of(args[0]);
        deleteTree(home);
        try (Sink sink = new Sink()) {
            Map<String, String> env = new HashMap<>();
            env.put("PAPERS_HOME", home.toString());
            env.put("PAPERS_BASE_URL", "https://papers.example.org");
            env.put("PAPERS_SMTP_HOST", "127.0.0.1");
            env.put("PAPERS_SMTP_PORT", Integer.toString(sink.port()));
            env.put("PAPERS_SMTP_SECURITY", "none");
            Config config = Config.from(env);
            try (App app = App.open(config)) {
                long t0 = System.nanoTime();
                app.loadDemoDataIfEmpty();
                app.searchParts().indexFollower().rebuildIfEmpty(Progress.NONE);
                LocalDate newest = app.papers().newestListingDay().orElseThrow();
                LocalDate date = newest.plusDays(1);
                while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    date = date.plusDays(1);
                }
                List<Paper> period = app.papers().listedBetween(newest, newest, 2000, 0);
                List<Paper> older = app.papers().listedBetween(newest.minusDays(60), newest.minusDays(1), 200, 0);
                embed(app, period);
                embed(app, older);
                System.out.printf("setup: %d demo papers, daily digest of %s covers %s (%d papers)%n",
                        app.papers().count(), date, newest, period.size());
                Random random = new Random(42);
                List<Long> users = new ArrayList<>();
                for (int u = 0; u < 200; u++) {
                    long id = app.database().jdbi().withHandle(h -> h.createUpdate("INSERT INTO users (username, "
                                    + "username_key, email, password_hash, created_at) VALUES (?, ?, ?, 'x', ?)")
                            .bind(0, "u" + users.size()).bind(1, "u" + users.size())
                            .bind(2, "u" + users.size() + "@example.org").bind(3, "2026-01-01T00:00:00Z")
                            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
                    users.add(id);
                    for (int v = 0; v < 5; v++) {
                        app.votes().vote(id, older.get(random.nextInt(older.size())).id(), true);
                    }
                    for (int f = 0; f < 3; f++) {
                        Paper p = period.get(random.nextInt(period.size()));
                        app.follows().follow(id, Follow.Kind.AUTHOR, p.authors().getFirst().name());
                    }
                    Paper p = period.get(random.nextInt(period.size()));
                    if (p.organization() != null) {
                        app.follows().follow(id, Follow.Kind.ORGANIZATION, p.organization().name());
                    }
                }
                for (int i = 0; i < n; i++) {
                    String address = "reader" + i + "@example.org";
                    if (i % 10 == 0) {
                        var s = app.digests().subscribers().subscribe(address, Frequency.DAILY, users.get(i / 10 % users.size()));
                        app.digests().subscribers().confirm(s.id());
                        app.digests().subscribers().updatePreferences(s.id(), Frequency.DAILY, topics(random));
                    } else {
                        app.digests().subscribers().addConfirmed(address, Frequency.DAILY, topics(random));
                    }
                }
                System.out.printf("setup: 200 accounts with 5 upvotes and 4 follows each, %d subscribers (%d linked to accounts) in %.1f s%n", n, n / 10,
                        (System.nanoTime() - t0) / 1e9);

                // Baseline: the same sender, the same sink, a fixed message.
                var fixed = app.digests().mail().confirmation(app.digests().subscribers().findByEmail("reader1@example.org")
                        .orElseThrow());
                long b0 = System.nanoTime();
                try (SmtpSender sender = new SmtpSender(config.mail())) {
                    for (int i = 0; i < n; i++) {
                        sender.send(fixed);
                    }
                }
                double baseline = n / ((System.nanoTime() - b0) / 1e9);
                long baselineBytes = sink.bytes.get();
                System.out.printf("baseline: raw SMTP send of a fixed message: %,.0f messages/s (%d received)%n",
                        baseline, sink.messages.get());

                System.gc();
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    pool.resetPeakUsage();
                }
                long before = sink.messages.get();
                long d0 = System.nanoTime();
                DigestRun.Result result = app.digests().send(Frequency.DAILY, date, line -> { });
                double seconds = (System.nanoTime() - d0) / 1e9;
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                long received = sink.messages.get() - before;
                double rate = result.sent() / seconds;
                System.out.printf("digests: %s in %.2f s = %,.0f digests/s (%d received by the sink, average %.1f KB)%n",
                        result.line(), seconds, rate, received,
                        (sink.bytes.get() - baselineBytes) / 1024.0 / Math.max(1, received));
                System.out.printf("peak heap during the batch: %.0f MB (-Xmx %d MB)%n", peak / 1e6,
                        Runtime.getRuntime().maxMemory() / 1_000_000);
                System.out.printf("ratio to baseline: %.2f (digests/s over raw sends/s); target >= 200 digests/s: %s%n",
                        rate / baseline, rate >= 200 ? "met" : "NOT met");
                DigestRun.Result again = app.digests().send(Frequency.DAILY, date, line -> { });
                System.out.printf("second run: %s%n", again.line());
            }
        }
        deleteTree(home);
    }

    static List<String> topics(Random random) {
        List<String> out = new ArrayList<>();
        int count = random.nextInt(4);
        for (int t = 0; t < count; t++) {
            out.add(TOPICS[random.nextInt(TOPICS.length)]);
        }
        return out;
    }

    static void embed(App app, List<Paper> papers) {
        List<float[]> vectors = app.searchParts().embedder().embedAll(papers.stream().map(Embedder::textOf).toList());
        app.embeddings().put(papers, vectors, app.papers().lastChange());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A minimal SMTP server that accepts every message and counts them. */
    static final class Sink implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Sink() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        s.setTcpNoDelay(true); // as real servers do: no 40 ms Nagle/delayed-ACK stall per reply
                        Thread c = new Thread(() -> serve(s), "sink");
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "sink-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void serve(Socket s) {
            try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII),
                    65536); OutputStream out = s.getOutputStream()) {
                reply(out, "220 sink");
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
                    switch (verb) {
                        case "DATA" -> {
                            reply(out, "354 go on");
                            long size = 0;
                            while ((line = in.readLine()) != null && !line.equals(".")) {
                                size += line.length() + 2;
                            }
                            bytes.addAndGet(size);
                            messages.incrementAndGet();
                            reply(out, "250 queued");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 ok");
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
