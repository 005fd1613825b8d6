import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import papers.App;
import papers.Config;
import papers.paper.Paper;
import papers.search.Fusion;
import papers.search.Progress;
import papers.search.Ranking;
import papers.search.ScoreParts;
import papers.search.SearchFilters;
import papers.search.SearchQuery;
import papers.search.SearchService;
import papers.search.SearchSort;

/**
 * Relevance of search on the real corpus (Hugging Face daily papers + seed papers), on two query sets scored per kind:
 * the AI-derived one (a paper's AI keywords or AI-summary sentence, title words removed; the AI fields are not indexed
 * so they are not found verbatim) and the person-written {@code ../shared/data/eval/queries-dev.tsv}. Every shipped
 * figure goes through {@link SearchService#search} — what {@code /api/papers/search} calls — with the stored
 * embeddings. Baselines in the same run: textbook BM25 (bench/TextbookBm25.java) and PostgreSQL full-text search.
 * Each ranking knob is fitted by 5-fold cross-validation (stratified by kind, both sets weighing equally): the score
 * printed for a knob is of queries whose fold did not choose it. Run with bench/search-eval.
 */
public class SearchEval {

    static final int FOLDS = 5;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path seed = Path.of(args[1]);
        Path dev = Path.of(args[2]);
        Path work = Path.of(args[3]);
        Map<String, Paper> corpus = EvalSets.corpus(data, seed);
        List<EvalSets.Query> queries = new ArrayList<>(EvalSets.aiQueries(corpus.values()));
        queries.addAll(EvalSets.devQueries(dev));
        var groups = EvalSets.groups(queries);
        int[] fold = EvalSets.folds(queries, FOLDS);
        System.out.printf("corpus: %,d papers; %d AI-derived queries (AI fields not indexed), %d person-written (%s)%n",
                corpus.size(), groups.get("ai").size(), groups.get("dev").size(), dev.getFileName());

        Files.createDirectories(work);
        Map<String, String> env = Map.of("PAPERS_HOME", work.toAbsolutePath().toString());
        try (App app = App.open(Config.from(env))) {
            app.papers().upsert(corpus.values().stream().map(p -> p.withAi(null, List.of())).toList());
            Map<String, float[]> cached = EvalSets.readVectors(work.resolve("vectors")
                    .resolve(papers.search.Embedder.MODEL + ".bin")); // bench/embedding-eval computed them
            if (app.embeddings().countMissing() > 0 && cached.size() == corpus.size()) {
                List<Paper> stored = new ArrayList<>(app.papers().findAll(cached.keySet()).values());
                app.embeddings().put(stored, stored.stream().map(p -> cached.get(p.id())).toList(),
                        app.papers().lastChange());
            }
            long missing = app.embeddings().countMissing();
            if (missing == 0) {
                System.out.printf("embeddings: all %,d reused from %s%n", corpus.size(), work);
            } else {
                long t0 = System.nanoTime();
                long n = app.searchParts().embeddingWorker().embedMissing(Progress.NONE);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("embedding throughput: %,d papers in %.1f s = %.0f papers/s%n", n, s, n / s);
            }
            long t0 = System.nanoTime();
            app.searchParts().indexFollower().rebuild(Progress.NONE);
            System.out.printf("index build (stored vectors, int8 HNSW): %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
            SearchService shipped = app.searchParts().service();
            SearchFilters none = SearchFilters.none();

            TextbookBm25 bm25 = new TextbookBm25(corpus.values());
            System.out.println(EvalSets.header("method (MRR@10 per kind)", groups));
            EvalSets.Scores textbook = EvalSets.score(queries,
                    i -> bm25.search(queries.get(i).text(), EvalSets.K).stream().map(TextbookBm25.Hit::id).toList());
            System.out.println(EvalSets.row("textbook BM25 (baseline)", textbook, groups));
            if (System.getProperty("eval.skipPostgres") == null) {
                EvalSets.Scores pg = postgres(corpus.values(), queries);
                if (pg != null) {
                    System.out.println(EvalSets.row("PostgreSQL FTS (OR terms, ts_rank)", pg, groups));
                }
            }
            Function<SearchService, EvalSets.Scores> run = s -> EvalSets.score(queries,
                    i -> s.search(queries.get(i).text(), none, SearchSort.RELEVANCE, 1, EvalSets.K).ids());
            Function<Ranking, EvalSets.Scores> ranked = r -> run.apply(shipped.withRanking(r));
            boolean fitOnly = Boolean.getBoolean("eval.fitOnly"); // SEARCH_EVAL_FLAGS=-Deval.fitOnly=true
            if (!fitOnly) {
                Ranking lexicalOnly = Ranking.SHIPPED.withFusion(Fusion.BLEND, 0f);
                System.out.println(EvalSets.row("lexical only (shipped knobs)", ranked.apply(lexicalOnly), groups));
                System.out.println(EvalSets.row("vector only (" + papers.search.Embedder.MODEL + ")",
                        ranked.apply(Ranking.SHIPPED.withFusion(Fusion.BLEND, 1f)), groups));
                System.out.println(EvalSets.row("hybrid RRF (k=60)",
                        ranked.apply(Ranking.SHIPPED.withFusion(Fusion.RRF, 0)), groups));
            }
            long s0 = System.nanoTime();
            EvalSets.Scores ship = run.apply(shipped);
            double ms = (System.nanoTime() - s0) / 1e6 / queries.size();
            System.out.println(EvalSets.row("SHIPPED: hybrid blend (Ranking.SHIPPED)", ship, groups)
                    + String.format("   %.1f ms/query", ms));

            if (System.getProperty("eval.fit") != null) {
                fit(queries, groups, fold, app, corpus, work, shipped);
            }
            if (!fitOnly) {
                floors(queries, shipped, none);
            }
        }
    }

    /**
     * Every model whose corpus vectors bench/embedding-eval computed: an index of the corpus with that model's vectors
     * (int8 HNSW, as shipped), each query's {@link ScoreParts} through it, then the knobs fitted by cross-validation
     * ({@link RankingFit}). The shipped model's parts come from the product's own index; re-scoring them with the
     * shipped knobs is first checked against {@link SearchService} itself.
     */
    static void fit(List<EvalSets.Query> queries, Map<String, List<Integer>> groups, int[] fold, App app,
                    Map<String, Paper> corpus, Path work, SearchService shipped) throws Exception {
        List<SearchQuery> parsed = queries.stream().map(q -> SearchQuery.parse(q.text())).toList();
        String only = System.getProperty("eval.fitModels", ""); // e.g. -Deval.fitModels=all-minilm-l6-v2-q
        for (EmbeddingEval.Model m : EmbeddingEval.MODELS) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(m.name())) {
                continue;
            }
            boolean isShipped = m.name().equals(papers.search.Embedder.MODEL);
            Path file = work.resolve("vectors").resolve(m.name() + ".bin");
            // The shipped model's corpus vectors are in the product's own index already.
            Map<String, float[]> vectors = isShipped && !java.nio.file.Files.exists(file) ? Map.of()
                    : EvalSets.readVectors(file);
            if (!isShipped && !vectors.keySet().containsAll(corpus.keySet())) {
                System.out.printf("%n%s: skipped, bench/embedding-eval %s has not embedded the corpus%n", m.name(),
                        m.name());
                continue;
            }
            long t0 = System.nanoTime();
            var model = m.load().get();
            List<float[]> queryVectors = new ArrayList<>();
            for (SearchQuery q : parsed) {
                queryVectors.add(q.wantsVectors()
                        ? EmbeddingEval.unit(model.embed(m.queryPrefix() + q.freeText()).content().vector()) : null);
            }
            papers.search.SearchIndex index = isShipped ? shipped.index()
                    : papers.search.SearchIndex.open(work.resolve("index-" + m.name()));
            try {
                if (!isShipped) {
                    index.clear();
                    for (Paper p : corpus.values()) {
                        index.put(p.withAi(null, List.of()), vectors.get(p.id()));
                    }
                    index.mergeSegments();
                }
                List<ScoreParts> parts = new ArrayList<>();
                for (int i = 0; i < queries.size(); i++) {
                    parts.add(index.scoreParts(parsed.get(i), queryVectors.get(i), RankingFit.WIDEST));
                }
                System.out.printf("%n%s: query vectors, index and score parts in %.0f s%n", m.name(),
                        (System.nanoTime() - t0) / 1e9);
                RankingFit fit = new RankingFit(queries, parts);
                if (isShipped) {
                    int same = 0;
                    for (int i = 0; i < queries.size(); i++) {
                        List<String> served = shipped.search(queries.get(i).text(), SearchFilters.none(),
                                SearchSort.RELEVANCE, 1, EvalSets.K).ids();
                        same += served.equals(parts.get(i).rank(Ranking.SHIPPED, EvalSets.K)) ? 1 : 0;
                    }
                    System.out.printf("  re-scoring agrees with SearchService's top %d on %d of %d queries%n",
                            EvalSets.K, same, queries.size());
                }
                System.out.println(EvalSets.header("  " + m.name() + " (MRR@10 per kind)", groups));
                System.out.println(EvalSets.row("  shipped knobs (re-scored)", fit.score(Ranking.SHIPPED), groups));
                long f0 = System.nanoTime();
                RankingFit.Result r = fit.crossValidate(Ranking.SHIPPED, fold, FOLDS);
                System.out.println(EvalSets.row("  held out (" + FOLDS + "-fold CV)", r.heldOut(), groups));
                System.out.println(EvalSets.row("  fitted on all queries", r.chosenScores(), groups));
                System.out.printf("  fit in %.0f s; chosen on all: %s%n", (System.nanoTime() - f0) / 1e9,
                        RankingFit.knobs(r.chosen()));
                for (int f = 0; f < FOLDS; f++) {
                    System.out.printf("    fold %d fitted on the others: %s%n", f, RankingFit.knobs(r.foldPicks().get(f)));
                }
            } finally {
                if (!isShipped) {
                    index.close();
                }
            }
        }
    }

    /** What the relevance floor keeps: answers still in the top 10, and how many results a query shows. */
    static void floors(List<EvalSets.Query> queries, SearchService shipped, SearchFilters none) {
        System.out.println("\nrelevance floor (share of the query's words a paper holds, Coverage): dev/ai recall@10, median and mean results kept");
        for (float f : new float[] {0f, 0.3f, 0.5f}) {
            SearchService s = shipped.withRanking(shipped.ranking().withFloor(f));
            int[] found = new int[2];
            int[] count = new int[2];
            long[] kept = new long[queries.size()];
            for (int i = 0; i < queries.size(); i++) {
                var r = s.search(queries.get(i).text(), none, SearchSort.RELEVANCE, 1, EvalSets.K);
                int set = queries.get(i).set().equals("dev") ? 0 : 1;
                count[set]++;
                found[set] += r.ids().contains(queries.get(i).answer()) ? 1 : 0;
                kept[i] = r.total();
            }
            double mean = Arrays.stream(kept).average().orElse(0);
            Arrays.sort(kept);
            System.out.printf("  floor %.2f%s: recall@10 dev %.3f, ai %.3f; results kept median %d, mean %.0f%n", f,
                    f == Ranking.SHIPPED.floor() ? " *" : "  ", (double) found[0] / count[0],
                    (double) found[1] / count[1], kept[kept.length / 2], mean);
        }
    }

    /** PostgreSQL full-text search, the baseline a user would otherwise pick, on the same corpus and queries. */
    static EvalSets.Scores postgres(java.util.Collection<Paper> papers, List<EvalSets.Query> queries) throws Exception {
        String admin = System.getenv().getOrDefault("PAPERS_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String db = "papers_search_eval_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(admin, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (Exception e) {
            System.out.println("PostgreSQL full-text search: skipped (" + e.getMessage() + ")");
            return null;
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
                    + "ORDER BY ts_rank(tsv, to_tsquery('english', ?)) DESC LIMIT " + EvalSets.K)) {
                return EvalSets.score(queries, i -> {
                    String or = String.join(" | ", EvalSets.words(queries.get(i).text()));
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
