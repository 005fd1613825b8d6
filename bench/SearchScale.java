import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import papers.paper.Paper;
import papers.search.Embedder;
import papers.search.SearchFilters;
import papers.search.SearchIndex;
import papers.search.SearchQuery;
import papers.search.SearchResults;
import papers.search.SearchSort;

/**
 * Speed and scale of search: for each corpus size N, a corpus generated from the real abstracts (see
 * {@link CorpusGenerator}) is indexed with the product's {@link SearchIndex} (build time, size on disk), then the same
 * descriptive queries are timed lexical, vector and hybrid (the query embedding by {@link Embedder} included in vector
 * and hybrid), and against PostgreSQL full-text search on the same corpus, loaded in the same run: tsvector (title A,
 * abstract B), GIN index, OR of the query's terms, ts_rank, LIMIT 10.
 *
 * <p>Stored papers' vectors are NOT embeddings of the generated text (embedding a million papers takes hours here):
 * each is the real embedding of the paper's base paper plus Gaussian noise (cosine about 0.9 to it), normalised.
 * Query vectors are real embeddings of the query text, computed inside the timed call.
 *
 * <p>Run with bench/search-scale [N...] (default 100000 1000000).
 */
public class SearchScale {

    static final int QUERIES = 300;
    /** Timed rounds of the queries after the warm-up round: latency percentiles are over QUERIES x ROUNDS timings. */
    static final int ROUNDS = 3;
    /**
     * "after start" is timed right after the server's own warm-up ({@link papers.search.SearchWarmup}, as serve runs
     * it before it is ready) and one warm-up round of the queries (as a just-restarted server answers), "settled"
     * after those rounds, the same ROUNDS again (as a server that has answered a few thousand searches answers;
     * further rounds measured no faster).
     */
    static final String[] PHASES = {"after start", "settled"};
    static final long SEED = 1;
    static final double NOISE = 0.5;
    static final int THREADS = 2;
    static final int EMBED_SAMPLE = 256;
    /** PostgreSQL takes seconds a query at 1M papers: its timed pass stops after this long. */
    static final long PG_BUDGET_NANOS = 5 * 60_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path work = Path.of(args[1]);
        List<Long> sizes = Arrays.stream(args).skip(2).map(Long::parseLong).toList();
        if (!Files.exists(data)) {
            System.out.println("skipped: " + data + " is missing (it lives in the shared data folder, not in a clone)");
            return;
        }
        Files.createDirectories(work);
        List<Paper> real = CorpusGenerator.readReal(data);
        CorpusGenerator gen = new CorpusGenerator(real, SEED);
        List<String> queries = queries(real);
        System.out.printf("source: %,d real papers from %s; %d queries (AI keywords or the first sentence of the AI "
                + "summary of real papers, title words removed)%n", real.size(), data.getFileName(), queries.size());
        System.out.printf("machine: %d cores, JVM max heap %,d MB, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));

        try (Embedder embedder = Embedder.open(work.resolve("djl"))) {
            float[][] realVectors = realEmbeddings(embedder, real,
                    work.resolve("real-embeddings-" + Embedder.MODEL + ".bin")); // one file per model
            double rate = embeddingThroughput(embedder, real);
            System.out.printf("embedding throughput (%s, papers as \"title. abstract\", batches of 32, sample of %d): "
                    + "%.0f papers/s   %s%n", Embedder.MODEL, EMBED_SAMPLE, rate, load());
            System.out.printf("stored vectors: NOT embeddings of the generated text: each is its base paper's real "
                    + "embedding plus noise (cosine ~0.9), unit length; query vectors are real embeddings, computed in "
                    + "the timed call%n");
            List<String[]> rows = new ArrayList<>();
            for (long n : sizes) {
                rows.add(run(n, gen, realVectors, embedder, queries, work));
            }
            System.out.println();
            System.out.println("| papers | index build | index size | lexical p50 / p99 after start | lexical settled "
                    + "| vector p50 / p99 settled | hybrid p50 / p99 after start | hybrid settled | PostgreSQL FTS p50 / p99 "
                    + "| PG load + GIN | PG size | PG ÷ lexical after start (p50 / p99) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (String[] r : rows) {
                System.out.println("| " + String.join(" | ", r) + " |");
            }
        }
    }

    // ---- one corpus size

    static String[] run(long n, CorpusGenerator gen, float[][] realVectors, Embedder embedder, List<String> queries,
                        Path work) throws Exception {
        System.out.printf("%n== N = %,d generated papers%n", n);
        Path dir = work.resolve("index-" + n);
        double buildSeconds;
        if (System.getenv("SEARCH_SCALE_REUSE") != null && reusable(dir, n)) {
            buildSeconds = Double.NaN; // not measured: printed as "reused"
            System.out.printf("index: reusing the %,d-paper index kept in %s (SEARCH_SCALE_REUSE); build not timed%n",
                    n, dir);
        } else {
            buildSeconds = build(n, gen, realVectors, dir);
        }
        long bytes = sizeOf(dir);
        int segments;
        try (FSDirectory d = FSDirectory.open(dir)) {
            segments = SegmentInfos.readLatestCommit(d).size();
        }
        System.out.printf("Lucene index (SearchIndex.put from %d threads, commit, merged into one segment): build %s = "
                        + "%,.0f papers/s; %.2f GB on disk; %d segments   %s%n", THREADS, secs(buildSeconds),
                n / buildSeconds, bytes / 1e9, segments, load());

        String[] row;
        try (SearchIndex index = SearchIndex.open(dir)) {
            if (index.size() != n) {
                throw new IllegalStateException("index holds " + index.size() + " papers, expected " + n);
            }
            SearchFilters none = SearchFilters.none();
            long[] embedNanos = new long[queries.size()];
            IntConsumer lexical = i -> nonEmpty(index.lexical(SearchQuery.parse(queries.get(i)), none,
                    SearchSort.RELEVANCE, 1, 10));
            IntConsumer vector = i -> {
                long e0 = System.nanoTime();
                float[] v = embedder.embedQuery(queries.get(i)); // as SearchService embeds a query
                embedNanos[i] = System.nanoTime() - e0;
                nonEmpty(index.vector(v, none, 1, 10));
            };
            // Through SearchService, as the server searches: it embeds the query while the lexical side runs.
            papers.search.SearchService service = new papers.search.SearchService(index, null, () -> embedder);
            IntConsumer hybrid = i -> nonEmpty(service.search(queries.get(i), none, SearchSort.RELEVANCE, 1, 10));
            // The server's own warm-up, as serve runs it before /readyz says ready (SEARCH_SCALE_NO_WARMUP=1 skips
            // it: the same tree timed as a server without it).
            if (System.getenv("SEARCH_SCALE_NO_WARMUP") == null) {
                papers.search.SearchWarmup.Result w = papers.search.SearchWarmup.run(service, () -> false,
                        papers.search.Progress.NONE);
                System.out.printf("server warm-up (SearchWarmup, before serve is ready): %,d searches of the index's "
                        + "own titles and abstracts in %.1f s%n", w.searches(), w.seconds());
            } else {
                System.out.println("server warm-up: skipped (SEARCH_SCALE_NO_WARMUP)");
            }
            // Warm-up: every query once each way (JIT, page cache), then the timed passes.
            time(queries.size(), lexical);
            time(queries.size(), vector);
            time(queries.size(), hybrid);
            // Each query timed ROUNDS times (round after round): a p99 of 900 timings, not the 3rd-worst of 300,
            // which moved by half between runs with a young collection landing on one query or another.
            int q = queries.size();
            long[][] lexByPhase = new long[PHASES.length][];
            long[][] hybByPhase = new long[PHASES.length][];
            long[] vec = null; // the table shows vector search settled
            for (int phase = 0; phase < PHASES.length; phase++) {
                long[] gc0 = collections();
                long[] lex = time(q * ROUNDS, i -> lexical.accept(i % q));
                long[] gc1 = collections();
                vec = time(q * ROUNDS, i -> vector.accept(i % q));
                long[] hyb = time(q * ROUNDS, i -> hybrid.accept(i % q));
                Arrays.sort(embedNanos);
                System.out.printf("%s:%n", PHASES[phase]);
                System.out.printf("  lexical (BM25)                 p50 %7.2f ms   p99 %7.2f ms   (while timed: %d "
                        + "collections, %d ms in all; JIT compiling %d ms)%n", ms(lex, 50), ms(lex, 99), gc1[0] - gc0[0],
                        gc1[1] - gc0[1], gc1[2] - gc0[2]);
                System.out.printf("  vector (embed + int8 HNSW)     p50 %7.2f ms   p99 %7.2f ms   (query embedding alone: "
                        + "p50 %.2f ms, p99 %.2f ms)%n", ms(vec, 50), ms(vec, 99), ms(embedNanos, 50),
                        ms(embedNanos, 99));
                System.out.printf("  hybrid (embed + blend)         p50 %7.2f ms   p99 %7.2f ms   %s%n", ms(hyb, 50),
                        ms(hyb, 99), load());
                lexByPhase[phase] = lex;
                hybByPhase[phase] = hyb;
            }
            long[] lex = lexByPhase[0];
            long[] hyb = hybByPhase[0];

            List<String> cells = new ArrayList<>(List.of(String.format("%,d", n), secs(buildSeconds), gb(bytes),
                    pair(lex), pair(lexByPhase[1]), pair(vec), pair(hyb), pair(hybByPhase[1])));
            double[] pg = postgres(n, gen, queries);
            if (pg == null) {
                cells.addAll(List.of("skipped", "", "", ""));
            } else {
                System.out.printf("PostgreSQL FTS ÷ Lucene lexical: %.0fx at p50, %.0fx at p99%n", pg[0] / ms(lex, 50),
                        pg[1] / ms(lex, 99));
                cells.addAll(List.of(String.format("%.1f / %.1f ms", pg[0], pg[1]), secs(pg[2]), gb((long) pg[3]),
                        String.format("%.0fx / %.0fx", pg[0] / ms(lex, 50), pg[1] / ms(lex, 99))));
            }
            row = cells.toArray(String[]::new);
        }
        if (System.getenv("SEARCH_SCALE_KEEP") == null) {
            deleteTree(dir);
        } else {
            System.out.println("index kept in " + dir + " (SEARCH_SCALE_KEEP); bench/SearchProbe.java times its parts");
        }
        return row;
    }

    /** Whether {@code dir} holds a committed index of exactly {@code n} papers (one kept by SEARCH_SCALE_KEEP). */
    static boolean reusable(Path dir, long n) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (FSDirectory d = FSDirectory.open(dir)) {
            if (!org.apache.lucene.index.DirectoryReader.indexExists(d)) {
                return false;
            }
            try (var reader = org.apache.lucene.index.DirectoryReader.open(d)) {
                return reader.numDocs() == n;
            }
        }
    }

    /** Builds the index of {@code n} generated papers from scratch and returns the seconds it took. */
    static double build(long n, CorpusGenerator gen, float[][] realVectors, Path dir) throws Exception {
        deleteTree(dir);
        long t0 = System.nanoTime();
        AtomicLong done = new AtomicLong();
        try (SearchIndex index = SearchIndex.open(dir)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                threads.add(Thread.ofPlatform().name("indexer-" + t).start(() -> {
                    for (long i = first; i < n; i += THREADS) {
                        Paper p = gen.paper(i);
                        index.put(p, CorpusGenerator.noisy(realVectors[gen.baseOf(i)], SEED, i, NOISE));
                        long d = done.incrementAndGet();
                        if (d % 100_000 == 0) {
                            System.out.printf("  indexed %,d in %.0f s   %s%n", d, (System.nanoTime() - t0) / 1e9, load());
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("  all %,d put in %.0f s; committing and waiting for merges%n", n,
                    (System.nanoTime() - t0) / 1e9);
            index.commit();
            long m0 = System.nanoTime();
            index.mergeSegments(); // as bin/papers reindex does after a full rebuild
            System.out.printf("  merged into one segment in %.0f s   %s%n", (System.nanoTime() - m0) / 1e9, load());
        } // close waits for running merges
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void nonEmpty(SearchResults r) {
        if (r.hits().isEmpty()) {
            throw new IllegalStateException("a query found nothing");
        }
    }

    // ---- PostgreSQL full-text search on the same corpus

    /** {p50 ms, p99 ms, load seconds, bytes}, or null when PostgreSQL is not reachable. */
    static double[] postgres(long n, CorpusGenerator gen, List<String> queries) throws Exception {
        String admin = System.getenv().getOrDefault("PAPERS_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String db = "papers_search_scale_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (Exception e) {
            System.out.println("PostgreSQL full-text search: skipped, not reachable at " + admin + " (" + e.getMessage() + ")");
            return null;
        }
        try (Connection c = DriverManager.getConnection(admin.substring(0, admin.lastIndexOf('/') + 1) + db,
                "postgres", "")) {
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '1GB'");
                s.execute("CREATE TABLE papers (id TEXT PRIMARY KEY, title TEXT NOT NULL, abstract TEXT NOT NULL, "
                        + "tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || "
                        + "setweight(to_tsvector('english', abstract), 'B')) STORED)");
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY papers (id, title, abstract) FROM STDIN");
            StringBuilder buf = new StringBuilder(1 << 20);
            for (long i = 0; i < n; i++) {
                Paper p = gen.paper(i);
                buf.append(p.id()).append('\t').append(escape(p.title())).append('\t')
                        .append(escape(p.abstractText())).append('\n');
                if (buf.length() > (1 << 20) - 8192) {
                    byte[] b = buf.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(b, 0, b.length);
                    buf.setLength(0);
                }
            }
            byte[] b = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(b, 0, b.length);
            copy.endCopy();
            double copySeconds = (System.nanoTime() - t0) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX papers_tsv ON papers USING GIN (tsv)");
                s.execute("VACUUM ANALYZE papers");
            }
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            long bytes;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('papers')")) {
                rs.next();
                bytes = rs.getLong(1);
            }
            System.out.printf("PostgreSQL load: COPY with tsvector %.0f s, + GIN index and ANALYZE: %.0f s in all; "
                    + "%.2f GB (table, TOAST and indexes)%n", copySeconds, loadSeconds, bytes / 1e9);
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM papers, to_tsquery('english', ?) query "
                    + "WHERE tsv @@ query ORDER BY ts_rank(tsv, query) DESC LIMIT 10")) {
                IntConsumer search = i -> {
                    try {
                        q.setString(1, String.join(" | ", words(queries.get(i))));
                        int rows = 0;
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                rows++;
                            }
                        }
                        if (rows == 0) {
                            throw new IllegalStateException("PostgreSQL found nothing for " + queries.get(i));
                        }
                    } catch (java.sql.SQLException e) {
                        throw new RuntimeException(e);
                    }
                };
                int warm = Math.min(queries.size(), 20);
                time(warm, search, Long.MAX_VALUE);
                long[] pg = time(queries.size(), search, PG_BUDGET_NANOS);
                System.out.printf("PostgreSQL FTS (OR of terms, ts_rank) p50 %7.2f ms   p99 %7.2f ms   (%d warm-up "
                        + "queries, then %d of the %d in a %d-minute budget)   %s%n", ms(pg, 50), ms(pg, 99), warm,
                        pg.length, queries.size(), PG_BUDGET_NANOS / 60_000_000_000L, load());
                return new double[] {ms(pg, 50), ms(pg, 99), loadSeconds, bytes};
            }
        } finally {
            try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    // ---- queries

    /**
     * Descriptive queries as in the relevance evaluation: a real paper's AI keywords, or the first sentence of its AI
     * summary, alternately, with the paper's title words removed; only words (no operators), 3 to 30 of them.
     */
    static List<String> queries(List<Paper> real) {
        List<Paper> candidates = new ArrayList<>(real.stream()
                .filter(p -> !p.aiKeywords().isEmpty() || p.aiSummary() != null).toList());
        Collections.shuffle(candidates, new Random(7));
        List<String> out = new ArrayList<>();
        for (Paper p : candidates) {
            if (out.size() == QUERIES) {
                break;
            }
            boolean keywords = out.size() % 2 == 0 ? !p.aiKeywords().isEmpty() : p.aiSummary() == null;
            String raw = keywords ? String.join(" ", p.aiKeywords()) : firstSentence(p.aiSummary());
            Set<String> titleStems = new HashSet<>();
            words(p.title()).forEach(w -> titleStems.add(stem(w)));
            List<String> kept = words(raw).stream().filter(w -> !titleStems.contains(stem(w))).limit(30).toList();
            if (kept.size() >= 3) {
                out.add(String.join(" ", kept));
            }
        }
        return out;
    }

    static String firstSentence(String s) {
        int end = s.indexOf(". ");
        return end < 0 ? s : s.substring(0, end);
    }

    static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    static String stem(String w) {
        return w.length() > 5 ? w.substring(0, 5) : w;
    }

    // ---- embeddings

    /** The real papers' embeddings, computed once and kept in {@code cache} (keyed by the papers' ids). */
    static float[][] realEmbeddings(Embedder embedder, List<Paper> real, Path cache) throws Exception {
        float[][] out = new float[real.size()][];
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
                if (in.readInt() == real.size()) {
                    boolean same = true;
                    for (int i = 0; i < real.size() && same; i++) {
                        same = in.readUTF().equals(real.get(i).id());
                        float[] v = new float[Embedder.DIMENSIONS];
                        for (int d = 0; d < v.length; d++) {
                            v[d] = in.readFloat();
                        }
                        out[i] = v;
                    }
                    if (same) {
                        System.out.printf("real embeddings: %,d reused from %s%n", real.size(), cache);
                        return out;
                    }
                }
            }
        }
        // bench/search-eval and bench/embedding-eval keep the same model's vectors of the same papers by id.
        java.util.Map<String, float[]> known = EvalSets.readVectors(cache.getParent().resolveSibling("search-eval")
                .resolve("vectors").resolve(Embedder.MODEL + ".bin"));
        if (real.stream().allMatch(p -> known.containsKey(p.id()))) {
            for (int i = 0; i < real.size(); i++) {
                out[i] = known.get(real.get(i).id());
            }
            System.out.printf("real embeddings: %,d reused from target/search-eval%n", real.size());
            return out;
        }
        System.out.printf("real embeddings: computing %,d (kept in %s for the next run)...%n", real.size(), cache);
        long t0 = System.nanoTime();
        for (int i = 0; i < real.size(); i += 64) {
            List<Paper> batch = real.subList(i, Math.min(real.size(), i + 64));
            List<float[]> vs = embedder.embedAll(batch.stream().map(Embedder::textOf).toList());
            for (int j = 0; j < vs.size(); j++) {
                out[i + j] = vs.get(j);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("real embeddings: %,d in %.0f s = %.0f papers/s%n", real.size(), s, real.size() / s);
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            o.writeInt(real.size());
            for (int i = 0; i < real.size(); i++) {
                o.writeUTF(real.get(i).id());
                for (float f : out[i]) {
                    o.writeFloat(f);
                }
            }
        }
        Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** Papers embedded per second on a fixed sample of real papers, after a short warm-up. */
    static double embeddingThroughput(Embedder embedder, List<Paper> real) {
        List<String> sample = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < EMBED_SAMPLE + 32; i++) {
            sample.add(Embedder.textOf(real.get(r.nextInt(real.size()))));
        }
        embedder.embedAll(sample.subList(0, 32));
        long t0 = System.nanoTime();
        for (int i = 32; i < sample.size(); i += 32) {
            embedder.embedAll(sample.subList(i, i + 32));
        }
        return EMBED_SAMPLE / ((System.nanoTime() - t0) / 1e9);
    }

    // ---- timing

    /** Runs {@code query} for 0..n-1, one after another, and returns each call's nanoseconds, sorted. */
    static long[] time(int n, IntConsumer query) {
        return time(n, query, Long.MAX_VALUE);
    }

    /** As above, stopping early once {@code budgetNanos} have been spent (the queries are in random order). */
    static long[] time(int n, IntConsumer query, long budgetNanos) {
        long[] nanos = new long[n];
        long spent = 0;
        int i = 0;
        for (; i < n && spent < budgetNanos; i++) {
            long t0 = System.nanoTime();
            query.accept(i);
            nanos[i] = System.nanoTime() - t0;
            spent += nanos[i];
        }
        nanos = Arrays.copyOf(nanos, i);
        Arrays.sort(nanos);
        return nanos;
    }

    /** Garbage collections so far, the milliseconds they took (over all collectors), and the JIT's milliseconds. */
    static long[] collections() {
        long count = 0;
        long millis = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis, java.lang.management.ManagementFactory.getCompilationMXBean()
                .getTotalCompilationTime()};
    }

    /** The machine's load average (other processes share these 2 cores and skew every figure). */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "[load average " + f[0] + " " + f[1] + " " + f[2] + "]";
        } catch (Exception e) {
            return "";
        }
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double ms(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static String pair(long[] sorted) {
        return String.format("%.2f / %.2f ms", ms(sorted, 50), ms(sorted, 99));
    }

    static String secs(double s) {
        if (Double.isNaN(s)) {
            return "reused";
        }
        return s >= 120 ? String.format("%.1f min", s / 60) : String.format("%.0f s", s);
    }

    static String gb(long bytes) {
        return bytes >= 1e9 ? String.format("%.2f GB", bytes / 1e9) : String.format("%.0f MB", bytes / 1e6);
    }

    static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
