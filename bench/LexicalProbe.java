import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
import papers.paper.Paper;
import papers.search.Ranking;
import papers.search.SearchFilters;
import papers.search.SearchIndex;
import papers.search.SearchQuery;
import papers.search.SearchSort;

/**
 * Where the product's lexical time goes, on an index kept by bench/search-scale (SEARCH_SCALE_KEEP=1): the shipped
 * ranking against the same ranking with one kind of clause turned off (proximity phrases, author and organization
 * words, stems), and the queries that hold a word found in no paper (looked up fuzzily) apart from the others.
 * -Dprobe.first=true times the shipped ranking only; -Dprobe.slowest=true lists the 8 slowest queries (and with
 * -Dprobe.repeat=N runs them N more times, for a profiler).
 * Usage: java ... bench/LexicalProbe.java DATA INDEX_DIR
 */
public class LexicalProbe {

    public static void main(String[] args) throws Exception {
        List<Paper> real = CorpusGenerator.readReal(Path.of(args[0]));
        Path dir = Path.of(args[1]);
        List<String> queries = SearchScale.queries(real);
        List<Integer> fuzzy = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        try (FSDirectory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d);
             StandardAnalyzer analyzer = new StandardAnalyzer()) {
            for (int i = 0; i < queries.size(); i++) {
                boolean missing = false;
                try (var ts = analyzer.tokenStream("text", queries.get(i))) {
                    var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
                    ts.reset();
                    while (ts.incrementToken()) {
                        missing |= reader.docFreq(new Term("text", term.toString())) == 0;
                    }
                    ts.end();
                }
                (missing ? fuzzy : plain).add(i);
            }
        }
        System.out.printf("%d queries, %d with a word found nowhere (fuzzy)%n", queries.size(), fuzzy.size());
        try (SearchIndex index = SearchIndex.openReadOnly(dir)) {
            SearchFilters none = SearchFilters.none();
            Ranking shipped = Ranking.SHIPPED;
            record Variant(String label, Ranking r) { }
            List<Variant> variants = List.of(new Variant("shipped", shipped),
                    new Variant("no proximity", shipped.withProximity(0)),
                    new Variant("no proximity, author", shipped.withProximity(0).withAuthor(0)),
                    new Variant("no proximity, author, exact", shipped.withProximity(0).withAuthor(0).withExact(0)));
            if (Boolean.getBoolean("probe.slowest")) { // the slowest queries, each timed alone after a warm-up pass
                long[] took = new long[queries.size()];
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < queries.size(); i++) {
                        long t0 = System.nanoTime();
                        index.lexical(SearchQuery.parse(queries.get(i)), none, SearchSort.RELEVANCE, 1, 10);
                        took[i] = System.nanoTime() - t0;
                    }
                }
                java.util.stream.IntStream.range(0, queries.size()).boxed()
                        .sorted((a, b) -> Long.compare(took[b], took[a])).limit(8)
                        .forEach(i -> System.out.printf("%6.1f ms  %s%n", took[i] / 1e6, queries.get(i)));
                List<Integer> slow = java.util.stream.IntStream.range(0, queries.size()).boxed()
                        .sorted((a, b) -> Long.compare(took[b], took[a])).limit(8).toList();
                for (int r = 0; r < Integer.getInteger("probe.repeat", 0); r++) { // for a profiler
                    for (int i : slow) {
                        index.lexical(SearchQuery.parse(queries.get(i)), none, SearchSort.RELEVANCE, 1, 10);
                    }
                }
                return;
            }
            for (Variant v : Boolean.getBoolean("probe.first") ? variants.subList(0, 1) : variants) {
                for (var group : List.of(plain, fuzzy)) {
                    if (group.isEmpty()) {
                        continue;
                    }
                    String label = v.label() + (group == plain ? ", all words known" : ", fuzzy");
                    SearchProbe.probe(label, group.size(), i -> index.lexical(SearchQuery.parse(queries.get(group.get(i))),
                            none, SearchSort.RELEVANCE, 1, 10, v.r()));
                }
            }
        }
    }
}
