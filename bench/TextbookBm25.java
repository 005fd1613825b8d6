import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * The plainest baseline: textbook Okapi BM25 (k1 1.2, b 0.75) over one text per paper (title + abstract + author
 * names), words = lower-case runs of letters and digits, no stemming, 30 stop words, idf = ln(1 + (N - n + 0.5) /
 * (n + 0.5)). In memory, exhaustive; about the forty lines of Python the issue measured.
 */
final class TextbookBm25 {

    static final Set<String> STOP = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how",
            "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "which",
            "who", "why", "will", "with");

    record Hit(String id, double score) { }

    private final List<String> ids = new ArrayList<>();
    private final List<Map<String, Integer>> tf = new ArrayList<>();
    private final int[] length;
    private final Map<String, Integer> df = new HashMap<>();
    private final double avgLength;

    TextbookBm25(Collection<Paper> papers) {
        length = new int[papers.size()];
        long total = 0;
        for (Paper p : papers) {
            StringBuilder text = new StringBuilder(p.title()).append(' ').append(p.abstractText());
            for (Author a : p.authors()) {
                text.append(' ').append(a.name());
            }
            Map<String, Integer> counts = new HashMap<>();
            List<String> words = tokens(text.toString());
            words.forEach(w -> counts.merge(w, 1, Integer::sum));
            counts.keySet().forEach(w -> df.merge(w, 1, Integer::sum));
            length[ids.size()] = words.size();
            total += words.size();
            ids.add(p.id());
            tf.add(counts);
        }
        avgLength = (double) total / Math.max(1, ids.size());
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOP.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    List<Hit> search(String query, int n) {
        Set<String> terms = new LinkedHashSet<>(tokens(query));
        int docs = ids.size();
        List<Hit> hits = new ArrayList<>();
        for (int d = 0; d < docs; d++) {
            double score = 0;
            Map<String, Integer> counts = tf.get(d);
            for (String t : terms) {
                Integer f = counts.get(t);
                if (f != null) {
                    int nt = df.get(t);
                    double idf = Math.log(1 + (docs - nt + 0.5) / (nt + 0.5));
                    score += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length[d] / avgLength));
                }
            }
            if (score > 0) {
                hits.add(new Hit(ids.get(d), score));
            }
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits.subList(0, Math.min(n, hits.size()));
    }
}
