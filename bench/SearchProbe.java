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
            try (SearchIndex index = SearchIndex.open(dir)) {
                SearchFilters none = SearchFilters.none();
                System.out.printf("index: %,d papers%n", index.size());
                probe("product lexical, 10 hits", n, i -> index.lexical(SearchQuery.parse(queries.get(i)), none,
                        SearchSort.RELEVANCE, 1, 10));
                if (Boolean.getBoolean("probe.productOnly")) {
                    probe("product hybrid, 10 hits, embedding included", n, i -> index.hybrid(
                            SearchQuery.parse(queries.get(i)), embedder.embed(queries.get(i)), none, 1, 10));
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
                IndexSearcher s = new IndexSearcher(reader);
                System.out.printf("plain Lucene: %d segments%n", reader.leaves().size());
                QueryBuilder qb = new QueryBuilder(new EnglishAnalyzer());
                List<Query> flat = new ArrayList<>();
                for (String q : queries) {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    b.add(new BoostQuery(qb.createBooleanQuery("title", q), 2f), BooleanClause.Occur.SHOULD);
                    b.add(qb.createBooleanQuery("abstract", q), BooleanClause.Occur.SHOULD);
                    flat.add(b.build());
                }
                // The same terms as one flat disjunction of (field, term) clauses, as Lucene's MaxScore likes them.
                List<Query> flatTerms = new ArrayList<>();
                org.apache.lucene.analysis.Analyzer a = new EnglishAnalyzer();
                double words = 0;
                double terms = 0;
                for (String q : queries) {
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    java.util.Set<String> ts = new java.util.LinkedHashSet<>();
                    try (var stream = a.tokenStream("abstract", q)) {
                        var att = stream.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
                        stream.reset();
                        while (stream.incrementToken()) {
                            ts.add(att.toString());
                        }
                        stream.end();
                    }
                    for (String t : ts) {
                        b.add(new BoostQuery(new org.apache.lucene.search.TermQuery(new Term("title", t)), 2f),
                                BooleanClause.Occur.SHOULD);
                        b.add(new org.apache.lucene.search.TermQuery(new Term("abstract", t)), BooleanClause.Occur.SHOULD);
                    }
                    flatTerms.add(b.build());
                    words += q.split(" ").length;
                    terms += ts.size();
                }
                System.out.printf("queries: %.1f words, %.1f distinct analysed terms on average%n", words / queries.size(),
                        terms / queries.size());
                probe("Lucene BM25 flat title^2 + abstract, top 10", n, i -> search(s, flatTerms.get(i), 10));
                var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                IndexSearcher parallel = new IndexSearcher(reader, pool);
                probe("  same, segments searched on 2 threads", n, i -> search(parallel, flatTerms.get(i), 10));
                probe("Lucene BM25 title^2 + abstract, 2 threads", n, i -> search(parallel, flat.get(i), 10));
                pool.shutdown();
                for (int k : new int[] {10, 100}) {
                    int kk = k;
                    probe("Lucene BM25 title^2 + abstract, top " + k, n, i -> search(s, flat.get(i), kk));
                    probe("Lucene kNN k=" + k, n, i -> search(s, new KnnFloatVectorQuery("vector", vectors.get(i), kk), kk));
                }
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

    static void probe(String label, int n, IntConsumer q) {
        SearchScale.time(n, q);
        report(label, SearchScale.time(n, q));
    }

    static void report(String label, long[] t) {
        System.out.printf("%-45s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   %s%n", label, SearchScale.ms(t, 50),
                SearchScale.ms(t, 90), SearchScale.ms(t, 99), SearchScale.load());
    }
}
