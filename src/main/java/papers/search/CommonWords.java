package papers.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import papers.paper.Paper;

/**
 * The words most papers have ("model", "language", "results"), each with a small id, as two lists: the words of the
 * combined text as written ({@link PaperDocument#TEXT}) and their stems ({@link PaperDocument#STEMMED}). Their
 * postings are the index's longest, and a search's second pass ({@link SecondPass}) spent most of its time advancing
 * them from candidate to candidate; a paper's {@link WordList} keeps its common words by id instead, read in one step
 * per candidate. A word not on the list is read from its postings as before: the list decides speed, never a score.
 * It is a resource counted from real papers ({@code bench/common-words}); a new list changes what the index holds, so
 * it comes with a new {@link SearchIndex#SCHEMA}.
 */
final class CommonWords {

    /** The resource's name, beside this class. */
    static final String RESOURCE = "common-words.txt";
    /** The list shipped with the product. */
    static final CommonWords SHIPPED = load();

    private final Map<String, Integer> text;
    private final Map<String, Integer> stems;

    CommonWords(List<String> text, List<String> stems) {
        this.text = ids(text);
        this.stems = ids(stems);
    }

    private static Map<String, Integer> ids(List<String> words) {
        Map<String, Integer> out = new HashMap<>();
        for (String w : words) {
            out.putIfAbsent(w, out.size());
        }
        return Map.copyOf(out);
    }

    /** The id of {@code word} in the combined text as written, or -1 when it is not common. */
    int textId(String word) {
        return text.getOrDefault(word, -1);
    }

    /** The id of {@code stem} in the stemmed text, or -1 when it is not common. */
    int stemId(String stem) {
        return stems.getOrDefault(stem, -1);
    }

    int textWords() {
        return text.size();
    }

    int stems() {
        return stems.size();
    }

    /** The id of {@code term} when it is a common word of the field it is in, or -1. */
    int idOf(org.apache.lucene.index.Term term) {
        return switch (term.field()) {
            case PaperDocument.TEXT -> textId(term.text());
            case PaperDocument.STEMMED -> stemId(term.text());
            default -> -1;
        };
    }

    private static CommonWords load() {
        try (InputStream in = CommonWords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the build");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the resource's lines: {@code text WORD} and {@code stemmed STEM}, commonest first; # comments. */
    static CommonWords parse(List<String> lines) {
        List<String> text = new ArrayList<>();
        List<String> stems = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.strip().split(" ", 2);
            switch (parts[0]) {
                case PaperDocument.TEXT -> text.add(parts[1]);
                case PaperDocument.STEMMED -> stems.add(parts[1]);
                default -> throw new IllegalArgumentException("not a line of " + RESOURCE + ": " + line);
            }
        }
        return new CommonWords(text, stems);
    }

    /**
     * The lines of a list counted from {@code papers}: the words and stems in at least {@code share} of them,
     * commonest first, after a comment saying how much of the papers' text they are (what {@code bench/common-words}
     * writes to the resource).
     */
    static List<String> count(List<Paper> papers, double share) {
        org.apache.lucene.analysis.Analyzer analyzer = PaperDocument.analyzer();
        LexicalQueries tokens = new LexicalQueries(analyzer);
        List<String> out = new ArrayList<>();
        out.add("# Words and stems in at least " + share * 100 + "% of " + papers.size()
                + " real papers (bench/common-words), commonest first.");
        for (String field : List.of(PaperDocument.TEXT, PaperDocument.STEMMED)) {
            Map<String, Integer> papersWith = new HashMap<>();
            Map<String, Long> uses = new HashMap<>();
            for (Paper p : papers) {
                Set<String> seen = new HashSet<>();
                for (String value : PaperDocument.combinedText(p)) {
                    for (String t : tokens.tokens(field, value)) {
                        seen.add(t);
                        uses.merge(t, 1L, Long::sum);
                    }
                }
                seen.forEach(w -> papersWith.merge(w, 1, Integer::sum));
            }
            long min = (long) Math.ceil(share * papers.size());
            List<String> common = papersWith.entrySet().stream().filter(w -> w.getValue() >= min)
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).toList();
            long all = uses.values().stream().mapToLong(Long::longValue).sum();
            long covered = common.stream().mapToLong(uses::get).sum();
            out.add(String.format(java.util.Locale.ROOT, "# %s: %d of %d distinct, %.1f%% of the tokens", field,
                    common.size(), papersWith.size(), 100.0 * covered / Math.max(1, all)));
            common.forEach(w -> out.add(field + " " + w));
        }
        return out;
    }
}
