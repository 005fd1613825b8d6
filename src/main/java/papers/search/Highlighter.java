package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Marks a query's words in a hit's title and abstract. The stored text is re-analysed (stemmed, so "decoders" marks
 * "decoding" as the ranking matched it) and everything but the {@code <mark>} tags we add is escaped: titles from
 * imports can hold markup. Long text is cut to the window with the most matches.
 */
final class Highlighter {

    private final Analyzer analyzer;

    Highlighter(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * The analysed forms of the query's words and phrases: a token of the text is marked when its form is here (a
     * {@link CharArraySet}, so a text's tokens are looked up without becoming strings).
     */
    CharArraySet marks(SearchQuery q) {
        CharArraySet terms = new CharArraySet(8, false);
        List<String> texts = new ArrayList<>(q.terms());
        texts.addAll(q.phrases());
        for (String t : texts) {
            analyse(t).forEach(token -> terms.add(token.term));
        }
        return CharArraySet.unmodifiableSet(terms);
    }

    record Token(String term, int start, int end) {
    }

    /** The stemmed tokens of {@code text}. */
    List<Token> analyse(String text) {
        List<Token> out = new ArrayList<>();
        walk(text, (term, start, end) -> out.add(new Token(term.toString(), start, end)));
        return out;
    }

    /** The tokens of {@code text} whose analysed form is in {@code marks}, in order (their term left null). */
    private List<Token> marked(String text, CharArraySet marks) {
        List<Token> out = new ArrayList<>();
        walk(text, (term, start, end) -> {
            if (marks.contains(term.buffer(), 0, term.length())) {
                out.add(new Token(null, start, end));
            }
        });
        return out;
    }

    private interface TokenSink {
        void accept(CharTermAttribute term, int start, int end);
    }

    /** Analyses {@code text} (stemmed) and hands each token to {@code sink}, its term attribute reused. */
    private void walk(String text, TokenSink sink) {
        try (TokenStream ts = analyzer.tokenStream(PaperDocument.STEMMED, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                sink.accept(term, offset.startOffset(), offset.endOffset());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Escaped {@code text} with the tokens whose analysed form is in {@code marks} wrapped in {@code <mark>};
     * cut to about {@code maxChars} around the densest stretch of matches.
     */
    String highlight(String text, CharArraySet marks, int maxChars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<Token> hits = marks.isEmpty() ? List.of() : marked(text, marks);
        int start = 0;
        int end = text.length();
        if (text.length() > maxChars) {
            start = bestWindowStart(text, hits, maxChars);
            end = Math.min(text.length(), start + maxChars);
            // Cut at word boundaries.
            while (start > 0 && start < end && !Character.isWhitespace(text.charAt(start - 1))) {
                start++;
            }
            while (end < text.length() && end > start && !Character.isWhitespace(text.charAt(end))) {
                end--;
            }
        }
        StringBuilder html = new StringBuilder();
        if (start > 0) {
            html.append("… ");
        }
        int pos = start;
        for (Token t : hits) {
            if (t.start < pos || t.end > end) {
                continue;
            }
            escape(html, text, pos, t.start);
            html.append("<mark>");
            escape(html, text, t.start, t.end);
            html.append("</mark>");
            pos = t.end;
        }
        escape(html, text, pos, end);
        if (end < text.length()) {
            html.append(" …");
        }
        return html.toString();
    }

    /** Start of the window of {@code width} characters holding the most matches (0 when none match). */
    private static int bestWindowStart(String text, List<Token> hits, int width) {
        int best = 0;
        int bestCount = 0;
        int j = 0;
        for (int i = 0; i < hits.size(); i++) {
            while (j < hits.size() && hits.get(j).end - hits.get(i).start <= width) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = hits.get(i).start;
            }
        }
        // Some context before the first match.
        return Math.max(0, Math.min(best - 40, text.length() - width));
    }

    static void escape(StringBuilder out, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
