import java.io.InputStream;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import papers.App;
import papers.Config;
import papers.ingest.HfDailyReader;
import papers.ingest.RecordSink;
import papers.paper.Paper;
import papers.search.Progress;
import papers.search.SearchFilters;
import papers.search.SearchIndex;
import papers.search.SearchQuery;
import papers.search.SearchSort;

/**
 * Relevance evaluation of search on the real corpus: the Hugging Face daily papers plus the seed papers.
 * Each query is a paper's AI keywords or the first sentence of its AI summary, with the paper's title words removed
 * (so a query never just repeats the title); the paper is the one right answer. The AI fields are not indexed here
 * (the keywords would otherwise be found verbatim). Prints MRR@10 and recall@10 for lexical (Lucene BM25), vector
 * (MiniLM cosine, int8 HNSW), reciprocal rank fusion, the min-max blend at several weights, and PostgreSQL full-text
 * search (tsvector title A / abstract B, GIN, OR of the query's terms, ts_rank) on the same corpus and queries.
 * Run with bench/search-eval; embeddings are kept in target/search-eval between runs.
 */
public class SearchEval {

    static final int QUERIES = 500;
    static final int K = 10;

    record Query(String text, String answer, String kind) { }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path seed = Path.of(args[1]);
        Path work = Path.of(args[2]);
        if (!Files.exists(data) || !Files.exists(seed)) {
            System.out.println("skipped: " + data + " or " + seed
                    + " is missing (they live in the shared data folder, not in a clone)");
            return;
        }
        Map<String, Paper> corpus = new LinkedHashMap<>();
        for (Path f : List.of(data, seed)) {
            try (InputStream in = Files.newInputStream(f)) {
                new HfDailyReader(null).read(in, new RecordSink() {
                    public void accept(Paper p) { corpus.merge(p.id(), p, Paper::mergedWith); }
                    public void reject(String where, String reason) { }
                });
            }
        }
        List<Query> queries = queries(corpus.values());
        System.out.printf("corpus: %,d papers (%s + %s); %d queries (%d from AI keywords, %d from AI summaries), "
                        + "title words removed; AI fields not indexed%n", corpus.size(), data.getFileName(),
                seed.getFileName(), queries.size(), queries.stream().filter(q -> q.kind.equals("keywords")).count(),
                queries.stream().filter(q -> q.kind.equals("summary")).count());

        Files.createDirectories(work);
        Map<String, String> env = Map.of("PAPERS_HOME", work.toAbsolutePath().toString());
        try (App app = App.open(Config.from(env))) {
            app.papers().upsert(corpus.values().stream().map(p -> p.withAi(null, List.of())).toList());
            long missing = app.embeddings().countMissing();
            if (missing == 0) {
                System.out.printf("embeddings: all %,d reused from %s%n", corpus.size(), work);
            } else {
                long t0 = System.nanoTime();
                long n = app.embeddingWorker().embedMissing(Progress.NONE);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("embedding throughput: %,d papers in %.1f s = %.0f papers/s "
                        + "(all-MiniLM-L6-v2 quantized, title + abstract, 2 shared cores)%n", n, s, n / s);
            }
            long t0 = System.nanoTime();
            app.indexFollower().rebuild(Progress.NONE);
            System.out.printf("index build (stored vectors, int8 HNSW): %.1f s%n", (System.nanoTime() - t0) / 1e9);
            SearchIndex index = app.searchIndex();

            List<float[]> vectors = new ArrayList<>();
            long e0 = System.nanoTime();
            for (Query q : queries) {
                vectors.add(app.embedder().embed(SearchQuery.parse(q.text).freeText()));
            }
            System.out.printf("query embedding: %.1f ms per query%n%n", (System.nanoTime() - e0) / 1e6 / queries.size());

            System.out.printf("%-34s %8s %10s %12s%n", "method", "MRR@10", "recall@10", "median ms");
            SearchFilters none = SearchFilters.none();
            evaluate("lexical (Lucene BM25)", queries, i -> index.lexical(SearchQuery.parse(queries.get(i).text),
                    none, SearchSort.RELEVANCE, 1, K).ids());
            evaluate("vector (MiniLM, int8 HNSW)", queries, i -> index.vector(vectors.get(i), none, 1, K).ids());
            evaluate("hybrid RRF (k=60)", queries, i -> index.hybrid(SearchQuery.parse(queries.get(i).text),
                    vectors.get(i), none, 1, K, SearchIndex.Fusion.RRF, 0).ids());
            for (float w : new float[] {0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.5f}) {
                evaluate(String.format("hybrid blend, vector weight %.2f%s", w,
                                w == SearchIndex.BLEND_WEIGHT ? " *" : ""), queries,
                        i -> index.hybrid(SearchQuery.parse(queries.get(i).text), vectors.get(i), none, 1, K,
                                SearchIndex.Fusion.BLEND, w).ids());
            }
            if (System.getProperty("eval.skipPostgres") == null) {
                postgres(corpus.values(), queries);
            }
            System.out.println("\n* the shipped fusion (SearchIndex.BLEND_WEIGHT)");
        }
    }

    /** Deterministic sample: keyword queries and summary-sentence queries alternate, title words removed. */
    static List<Query> queries(java.util.Collection<Paper> papers) {
        List<Paper> candidates = new ArrayList<>(papers.stream()
                .filter(p -> !p.aiKeywords().isEmpty() || p.aiSummary() != null).toList());
        Collections.shuffle(candidates, new Random(42));
        List<Query> out = new ArrayList<>();
        for (Paper p : candidates) {
            if (out.size() == QUERIES) {
                break;
            }
            boolean keywords = out.size() % 2 == 0 ? !p.aiKeywords().isEmpty() : p.aiSummary() == null;
            String raw = keywords ? String.join(" ", p.aiKeywords()) : firstSentence(p.aiSummary());
            String text = withoutTitleWords(raw, p.title());
            if (text.split(" ").length >= 3) {
                out.add(new Query(text, p.id(), keywords ? "keywords" : "summary"));
            }
        }
        return out;
    }

    static String firstSentence(String s) {
        int end = s.indexOf(". ");
        return end < 0 ? s : s.substring(0, end);
    }

    /** Drops every query word whose first five letters start a title word (catches plurals and other forms). */
    static String withoutTitleWords(String text, String title) {
        Set<String> titleStems = new HashSet<>();
        for (String w : words(title)) {
            titleStems.add(stem(w));
        }
        List<String> kept = new ArrayList<>();
        for (String w : words(text)) {
            if (!titleStems.contains(stem(w))) {
                kept.add(w);
            }
        }
        return String.join(" ", kept);
    }

    static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    static String stem(String w) {
        return w.length() > 5 ? w.substring(0, 5) : w;
    }

    static void evaluate(String label, List<Query> queries, Function<Integer, List<String>> search) {
        double rr = 0;
        int found = 0;
        long[] nanos = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            long t0 = System.nanoTime();
            List<String> ids = search.apply(i);
            nanos[i] = System.nanoTime() - t0;
            int rank = ids.subList(0, Math.min(K, ids.size())).indexOf(queries.get(i).answer);
            if (rank >= 0) {
                rr += 1.0 / (rank + 1);
                found++;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-34s %8.3f %10.3f %12.2f%n", label, rr / queries.size(), (double) found / queries.size(),
                nanos[nanos.length / 2] / 1e6);
    }

    /** PostgreSQL full-text search, the baseline a user would otherwise pick, on the same corpus and queries. */
    static void postgres(java.util.Collection<Paper> papers, List<Query> queries) throws Exception {
        String admin = System.getenv().getOrDefault("PAPERS_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String db = "papers_search_eval_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(admin, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (Exception e) {
            System.out.println("PostgreSQL full-text search: skipped (" + e.getMessage() + ")");
            return;
        }
        try (Connection c = DriverManager.getConnection(admin.substring(0, admin.lastIndexOf('/') + 1) + db,
                "postgres", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE papers (id TEXT PRIMARY KEY, title TEXT, abstract TEXT, tsv tsvector)");
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO papers VALUES (?, ?, ?, "
                    + "setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B'))")) {
                for (Paper p : papers) {
                    ins.setString(1, p.id());
                    ins.setString(2, p.title());
                    ins.setString(3, p.abstractText());
                    ins.setString(4, p.title());
                    ins.setString(5, p.abstractText());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX papers_tsv ON papers USING GIN (tsv)");
                s.execute("ANALYZE papers");
            }
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM papers WHERE tsv @@ to_tsquery('english', ?) "
                    + "ORDER BY ts_rank(tsv, to_tsquery('english', ?)) DESC LIMIT " + K)) {
                evaluate("PostgreSQL FTS (OR terms, ts_rank)", queries, i -> {
                    String or = String.join(" | ", words(queries.get(i).text));
                    try {
                        q.setString(1, or);
                        q.setString(2, or);
                        List<String> ids = new ArrayList<>();
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getString(1));
                            }
                        }
                        return ids;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
            }
        } finally {
            try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }
}
