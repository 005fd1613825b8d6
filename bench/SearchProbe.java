import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import papers.paper.Paper;
import papers.search.Embedder;
import papers.search.SearchFilters;
import papers.search.SearchIndex;
import papers.search.SearchQuery;
import papers.search.SearchSort;

/**
 * Where the time of a search goes, on an index built by bench/search-scale (kept with SEARCH_SCALE_KEEP=1):
 * each step of lexical, vector and hybrid search timed apart, through the product's API and through plain Lucene.
 * Usage: java ... bench/SearchProbe.java DATA INDEX_DIR WORK_DIR
 */
public class SearchProbe {

    public static void main(String[] args) throws Exception {
        List<Paper> real = CorpusGenerator.readReal(Path.of(args[0]));
        Path dir = Path.of(args[1]);
        List<String> queries = SearchScale.queries(real);
        int n = Math.min(queries.size(), Integer.getInteger("probe.queries", queries.size()));
        int merge = Integer.getInteger("probe.forceMerge", 0);
        if (merge > 0) { // what fewer segments would buy: merged with the product's codec
            long t0 = System.nanoTime();
            var config = new org.apache.lucene.index.IndexWriterConfig(new EnglishAnalyzer())
                    .setCodec(new org.apache.lucene.codecs.lucene104.Lucene104Codec() {
                        @Override
                        public org.apache.lucene.codecs.KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return new org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat();
                        }
                    });
            try (FSDirectory d = FSDirectory.open(dir);
                 var w = new org.apache.lucene.index.IndexWriter(d, config)) {
                w.forceMerge(merge);
            }
            System.out.printf("forceMerge(%d): %.0f s%n", merge, (System.nanoTime() - t0) / 1e9);
        }
        try (Embedder embedder = Embedder.open(Path.of(args[2]).resolve("djl"))) {
            List<float[]> vectors = new ArrayList<>();
            long[] embed = SearchScale.time(n, i -> vectors.add(embedder.embed(queries.get(i))));
            report("query embedding", embed);
            if (!Boolean.getBoolean("probe.pruneOnly")) try (SearchIndex index = SearchIndex.open(dir)) {
                SearchFilters none = SearchFilters.none();
                System.out.printf("index: %,d papers%n", index.size());
                probe("product lexical, 10 hits", n, i -> index.lexical(SearchQuery.parse(queries.get(i)), none,
                        SearchSort.RELEVANCE, 1, 10));
                papers.search.SearchService service = new papers.search.SearchService(index, null, () -> embedder);
                probe("product hybrid via SearchService (embeds beside lexical)", n, i -> service.search(
                        queries.get(i), none, SearchSort.RELEVANCE, 1, 10));
                if (Boolean.getBoolean("probe.productOnly")) {
                    return;
                }
                probe("product lexical, 100 hits", n, i -> index.lexical(SearchQuery.parse(queries.get(i)), none,
                        SearchSort.RELEVANCE, 1, 100));
                probe("product vector, 10 hits (no embedding)", n, i -> index.vector(vectors.get(i), none, 1, 10));
                probe("product vector, 100 hits (no embedding)", n, i -> index.vector(vectors.get(i), none, 1, 100));
                probe("product vector, 10 hits, embedding included", n, i -> index.vector(
                        embedder.embed(queries.get(i)), none, 1, 10));
                probe("product hybrid, 10 hits, embedding included", n, i -> index.hybrid(
                        SearchQuery.parse(queries.get(i)), embedder.embed(queries.get(i)), none, 1, 10));
                probe("product hybrid, 10 hits (no embedding)", n, i -> index.hybrid(SearchQuery.parse(queries.get(i)),
                        vectors.get(i), none, 1, 10));
            }
            if (Boolean.getBoolean("probe.productOnly")) {
                return;
            }
            try (FSDirectory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
                // Plain Lucene, the product's similarity and analysis: which fields a free-text query spans, and
                // whether a query's segments are searched on one thread or two.
                var similarity = new org.apache.lucene.search.similarities.BM25Similarity(2.0f, 0.5f);
                IndexSearcher one = new IndexSearcher(reader);
                one.setSimilarity(similarity);
                var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                IndexSearcher two = new IndexSearcher(reader, pool) {
                    @Override
                    protected LeafSlice[] slices(List<org.apache.lucene.index.LeafReaderContext> leaves) {
                        return IndexSearcher.slices(leaves, reader.maxDoc() / 2 + 1, Integer.MAX_VALUE, true);
                    }
                };
                two.setSimilarity(similarity);
                System.out.printf("plain Lucene: %d segments, %d slices on 2 threads%n", reader.leaves().size(),
                        two.getSlices().length);
                org.apache.lucene.analysis.Analyzer english = new EnglishAnalyzer();
                java.util.Map<String, Float> all = java.util.Map.of("title", 1.2f, "abstract", 1f, "keywords", 1f,
                        "authors", 0.5f, "org", 0.5f);
                java.util.Map<String, Float> content = java.util.Map.of("title", 1.2f, "abstract", 1f, "keywords", 1f);
                java.util.Map<String, Float> titleAbstract = java.util.Map.of("title", 1.2f, "abstract", 1f);
                double terms = 0;
                List<List<String>> analysed = new ArrayList<>();
                for (String q : queries) {
                    java.util.Set<String> ts = new java.util.LinkedHashSet<>();
                    try (var stream = english.tokenStream("abstract", q)) {
                        var att = stream.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
                        stream.reset();
                        while (stream.incrementToken()) {
                            ts.add(att.toString());
                        }
                        stream.end();
                    }
                    analysed.add(new ArrayList<>(ts));
                    terms += ts.size();
                }
                System.out.printf("queries: %.1f distinct analysed terms on average%n", terms / queries.size());
                // Leaving out the query's most common terms (in more than this share of abstracts): they weigh
                // least in BM25 (low idf) and cost most (longest postings).
                for (double share : new double[] {1.0, 0.2, 0.1}) {
                    for (boolean keepCommon : new boolean[] {false, true}) {
                        if (share == 1.0 && keepCommon) {
                            continue;
                        }
                        List<Query> pruned = new ArrayList<>();
                        for (List<String> ts : analysed) {
                            BooleanQuery.Builder rare = new BooleanQuery.Builder();
                            BooleanQuery.Builder common = new BooleanQuery.Builder();
                            int rareCount = 0;
                            for (String t : ts) {
                                boolean isCommon = reader.docFreq(new Term("abstract", t)) > share * reader.maxDoc();
                                rareCount += isCommon ? 0 : 1;
                                BooleanQuery.Builder into = isCommon ? common : rare;
                                all.forEach((f, boost) -> into.add(new BoostQuery(
                                        new org.apache.lucene.search.TermQuery(new Term(f, t)), boost),
                                        BooleanClause.Occur.SHOULD));
                            }
                            BooleanQuery.Builder b = new BooleanQuery.Builder();
                            b.add(rare.build(), BooleanClause.Occur.MUST);
                            if (keepCommon) { // common terms score the candidates the rare ones find
                                b.add(common.build(), BooleanClause.Occur.SHOULD);
                            }
                            pruned.add(rareCount == 0 ? common.build() : b.build());
                        }
                        System.out.printf("terms in more than %.0f%% of abstracts %s%n", share * 100,
                                keepCommon ? "only score what the rarer terms match" : "left out");
                        for (int k : new int[] {10, 100}) {
                            int kk = k;
                            probe("  5 fields top " + k + ", 1 thread", n, i -> search(one, pruned.get(i), kk));
                            probe("  5 fields top " + k + ", 2 threads", n, i -> search(two, pruned.get(i), kk));
                        }
                    }
                }
                if (Boolean.getBoolean("probe.pruneOnly")) {
                    pool.shutdown();
                    return;
                }
                for (var fields : List.of(all, content, titleAbstract)) {
                    List<Query> flat = new ArrayList<>();
                    for (List<String> ts : analysed) {
                        BooleanQuery.Builder b = new BooleanQuery.Builder();
                        for (String t : ts) {
                            fields.forEach((f, boost) -> b.add(new BoostQuery(
                                    new org.apache.lucene.search.TermQuery(new Term(f, t)), boost),
                                    BooleanClause.Occur.SHOULD));
                        }
                        flat.add(b.build());
                    }
                    for (int k : new int[] {10, 100}) {
                        int kk = k;
                        probe("BM25 " + fields.keySet() + " top " + k + ", 1 thread", n, i -> search(one, flat.get(i), kk));
                        probe("  same, 2 threads", n, i -> search(two, flat.get(i), kk));
                    }
                }
                for (int k : new int[] {10, 100}) {
                    int kk = k;
                    probe("kNN k=" + k + ", 1 thread", n, i -> search(one, new KnnFloatVectorQuery("vector", vectors.get(i), kk), kk));
                    probe("  same, 2 threads", n, i -> search(two, new KnnFloatVectorQuery("vector", vectors.get(i), kk), kk));
                }
                pool.shutdown();
            }
        }
    }

    static void search(IndexSearcher s, Query q, int k) {
        try {
            s.search(q, k);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Times the {@code n} queries after a warm-up pass; with -Dprobe.rounds=R, R passes and each query's median of
     * them (steadier than one pass on a machine whose speed wanders).
     */
    static void probe(String label, int n, IntConsumer q) {
        SearchScale.time(n, q);
        int rounds = Integer.getInteger("probe.rounds", 1);
        long[][] took = new long[n][rounds];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = -mx.getTotalThreadAllocatedBytes();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                q.accept(i);
                took[i][r] = System.nanoTime() - t0;
            }
        }
        long[] medians = new long[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.sort(took[i]);
            medians[i] = took[i][rounds / 2];
        }
        allocated += mx.getTotalThreadAllocatedBytes();
        java.util.Arrays.sort(medians);
        report(label + (rounds > 1 ? " (median of " + rounds + ")" : ""), medians);
        System.out.printf("%-45s %,d KB allocated per query (all threads)%n", "", allocated / 1024 / ((long) n * rounds));
    }

    static void report(String label, long[] t) {
        System.out.printf("%-45s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   %s%n", label, SearchScale.ms(t, 50),
                SearchScale.ms(t, 90), SearchScale.ms(t, 99), SearchScale.load());
    }
}
