package papers.search;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * Ranked documents turned into the page a reader asked for: the hits of that page read from stored fields, title and
 * snippet marked by {@link Highlighter}; the order by date or upvotes; the bounds of a page ({@link #check}).
 */
final class ResultPages {

    /** How deep results go: page × size beyond this is refused (narrow the query instead). */
    static final int MAX_RESULT_WINDOW = 10_000;
    private static final int SNIPPET_CHARS = 240;

    private final Highlighter highlighter;

    ResultPages(Highlighter highlighter) {
        this.highlighter = highlighter;
    }

    /** Refuses a page before 1, a size outside 1–120 and a window past {@value #MAX_RESULT_WINDOW}. */
    static void check(int page, int size) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        if (size < 1 || size > 120) {
            throw new IllegalArgumentException("page size must be between 1 and 120, got " + size);
        }
        if ((long) page * size > MAX_RESULT_WINDOW) {
            throw new IllegalArgumentException("results stop at " + MAX_RESULT_WINDOW + "; narrow the query");
        }
    }

    /** Page {@code page} of {@code docs} (ranked), {@code total} being how many results there are in all. */
    SearchResults page(IndexSearcher searcher, List<ScoreDoc> docs, long total, CharArraySet marks, int page, int size)
            throws IOException {
        int from = Math.min(docs.size(), (page - 1) * size);
        int to = Math.min(docs.size(), from + size);
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>(to - from);
        for (ScoreDoc sd : docs.subList(from, to)) {
            Document d = stored.document(sd.doc);
            String title = d.get(PaperDocument.TITLE);
            String abs = d.get(PaperDocument.ABSTRACT);
            long epochDay = d.getField(PaperDocument.DAY).numericValue().longValue();
            hits.add(new SearchHit(d.get(PaperDocument.ID), title,
                    highlighter.highlight(title, marks, Integer.MAX_VALUE),
                    highlighter.highlight(abs, marks, SNIPPET_CHARS), Float.isNaN(sd.score) ? 0 : sd.score,
                    epochDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(epochDay),
                    d.getField(PaperDocument.UPVOTES).numericValue().intValue(), d.get(PaperDocument.ORG)));
        }
        return new SearchResults(hits, total, page, size);
    }

    /** {@code hits} ordered by day or upvotes (newest or most first), then by relevance. */
    static List<ScoreDoc> sorted(IndexSearcher searcher, List<ScoreDoc> hits, SearchSort s) throws IOException {
        String field = s == SearchSort.DATE ? PaperDocument.DAY : PaperDocument.UPVOTES;
        StoredFields stored = searcher.storedFields();
        Map<Integer, Long> key = new HashMap<>();
        for (ScoreDoc d : hits) {
            key.put(d.doc, stored.document(d.doc, Set.of(field)).getField(field).numericValue().longValue());
        }
        List<ScoreDoc> out = new ArrayList<>(hits);
        out.sort(Comparator.comparingLong((ScoreDoc d) -> -key.get(d.doc)).thenComparingDouble(d -> -d.score));
        return out;
    }

    /** Lucene's sort for browsing everything the filters keep in order {@code s}. */
    static Sort sortOf(SearchSort s) {
        return switch (s) {
            case DATE -> new Sort(new SortField(PaperDocument.DAY, SortField.Type.LONG, true), SortField.FIELD_SCORE);
            case UPVOTES -> new Sort(new SortField(PaperDocument.UPVOTES, SortField.Type.INT, true),
                    SortField.FIELD_SCORE);
            case RELEVANCE -> Sort.RELEVANCE;
        };
    }
}
