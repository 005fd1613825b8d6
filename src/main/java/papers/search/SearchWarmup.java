package papers.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches a node runs before it takes readers, so that the first readers after a start are served about as fast as
 * later ones. The JIT compiles the search path (Lucene's scoring loops and vectorised score filters, the second pass,
 * near spellings, the highlighter, the query embedding) only after some hundreds or thousands of searches; at 1M
 * papers the first rounds' lexical p99 was 11.5 ms against 8.1 once settled, and 8.9 after this warm-up
 * (bench/search-scale, "after start" and "settled", SEARCH_SCALE_NO_WARMUP=1 for the first). Like Elasticsearch's
 * index warmers, the work is done before {@code /readyz} says ready.
 *
 * <p>The queries are the index's own text, as readers type it: titles (also misspelt), the first words of abstracts
 * and longer passages of them (long descriptions take paths of their own: with them, the JIT compiled for 173-250 ms
 * of the first timed rounds instead of 203-545, and their p99 was 4.4-4.8 ms instead of 4.7-6.8, four interleaved
 * pairs on a faster machine), of papers spread over the index, searched by relevance (hybrid, and lexical alone as
 * fielded queries are) and now and then by upvotes or date. How many grows with the index ({@link #searchesFor}); a
 * small index, whose cold searches cost little, gets none.
 */
public final class SearchWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(SearchWarmup.class);
    /** Searches for a large index: about what the JIT needed to settle at 1M papers (bench/search-scale). */
    static final int MAX_SEARCHES = 2000;
    /** Below this many papers there is no warm-up (the demo has 2,270): short postings make cold searches cheap. */
    static final long MIN_PAPERS = 50_000;

    /** One warm-up search per this many papers, up to {@link #MAX_SEARCHES}. */
    static final int PAPERS_PER_SEARCH = 500;
    /** A warm-up never holds a node back longer than this, however slow its searches. */
    static final long BUDGET_NANOS = 60_000_000_000L;
    /** Words of an abstract's beginning in a description query; titles are searched whole up to this too. */
    static final int QUERY_WORDS = 12;
    /**
     * Words of a longer description (a passage of the abstract after its beginning): past the 12 rarest words of a
     * query the others only rescore ({@link LexicalQueries#MAX_FINDERS}), a path short queries never take.
     */
    static final int LONG_QUERY_WORDS = 24;

    private SearchWarmup() {
    }

    /** What a warm-up did. */
    public record Result(int searches, double seconds) {
    }

    /** How many warm-up searches an index of {@code papers} papers gets: none for a small one. */
    public static int searchesFor(long papers) {
        return papers < MIN_PAPERS ? 0 : (int) Math.min(MAX_SEARCHES, papers / PAPERS_PER_SEARCH);
    }

    /**
     * Runs {@link #searchesFor}{@code (index size)} searches through {@code service}, telling {@code progress} how
     * many are done of how many before the first and after every hundred (nothing when there are none); ends early
     * when {@code stop} says so, after {@link #BUDGET_NANOS}, or when the index is being rebuilt. A search that fails
     * is logged and ends the warm-up: it never fails the start.
     */
    public static Result run(SearchService service, BooleanSupplier stop, Progress progress) {
        return run(service, searchesFor(service.index().size()), stop, progress);
    }

    /** {@link #run(SearchService, BooleanSupplier, Progress)} with the number of searches given. */
    public static Result run(SearchService service, int searches, BooleanSupplier stop, Progress progress) {
        long t0 = System.nanoTime();
        int done = 0;
        if (searches > 0) {
            progress.update(0, searches);
            List<String> queries = queries(service.index().sampleTexts((searches + 3) / 4));
            try {
                for (int i = 0; i < searches && !queries.isEmpty() && !stop.getAsBoolean()
                        && System.nanoTime() - t0 < BUDGET_NANOS; i++) {
                    try {
                        search(service, queries.get(i % queries.size()), i);
                    } catch (IllegalArgumentException notAQuery) {
                        continue; // a title of symbols only: the next one
                    }
                    done++;
                    if (done % 100 == 0) {
                        progress.update(done, searches);
                    }
                }
            } catch (SearchIndex.RebuildingException e) {
                LOG.info("search warm-up ended: the index is being rebuilt");
            } catch (RuntimeException e) {
                LOG.warn("search warm-up ended by a failed search: {}", e.toString());
            }
        }
        Result r = new Result(done, (System.nanoTime() - t0) / 1e9);
        if (done > 0) {
            LOG.info("search warmed up with {} searches in {} s", done, String.format("%.1f", r.seconds()));
        }
        return r;
    }

    /**
     * The {@code i}th warm-up search: by relevance through the service (hybrid for descriptions), by relevance
     * lexical alone, and every eighth by upvotes or by date.
     */
    private static void search(SearchService service, String text, int i) {
        SearchFilters none = SearchFilters.none();
        switch (i % 8) {
            case 3 -> service.search(text, none, SearchSort.UPVOTES, 1, 10);
            case 7 -> service.search(text, none, SearchSort.DATE, 1, 10);
            case 1, 5 -> service.index().lexical(SearchQuery.parse(text), none, SearchSort.RELEVANCE, 1, 10,
                    service.ranking());
            default -> service.search(text, none, SearchSort.RELEVANCE, 1, 10);
        }
    }

    /**
     * Per sampled paper its title, the beginning of its abstract (each at most {@link #QUERY_WORDS} words), the title
     * misspelt (the search for near spellings of words found nowhere is a path of its own), and the
     * {@value #LONG_QUERY_WORDS} words of its abstract after the beginning (a long description).
     */
    static List<String> queries(List<String[]> texts) {
        List<String> queries = new ArrayList<>();
        for (String[] t : texts) {
            String title = firstWords(t[0] == null ? "" : t[0], QUERY_WORDS);
            String[] abs = words(t[1] == null ? "" : t[1]);
            String abstractStart = join(abs, 0, QUERY_WORDS);
            String passage = join(abs, QUERY_WORDS, QUERY_WORDS + LONG_QUERY_WORDS);
            for (String q : List.of(title, abstractStart, misspelt(title), passage)) {
                if (!q.isBlank()) {
                    queries.add(q);
                }
            }
        }
        return queries;
    }

    /** {@code text} with the middle two letters of its longest word swapped ("" when no word has six letters). */
    static String misspelt(String text) {
        String[] words = text.split(" ");
        int longest = 0;
        for (int i = 1; i < words.length; i++) {
            if (words[i].length() > words[longest].length()) {
                longest = i;
            }
        }
        String w = words[longest];
        if (w.length() < 6) {
            return "";
        }
        int m = w.length() / 2;
        words[longest] = w.substring(0, m - 1) + w.charAt(m) + w.charAt(m - 1) + w.substring(m + 1);
        return String.join(" ", words);
    }

    /**
     * The first {@code n} words of {@code text}, with what a query gives meaning to (quotes, colons, a leading minus)
     * dropped.
     */
    static String firstWords(String text, int n) {
        return join(words(text), 0, n);
    }

    /** The words of {@code text}, what a query gives meaning to dropped. */
    private static String[] words(String text) {
        return text.replaceAll("[\"():\\[\\]{}^~*?\\\\]|(?<!\\S)-+", " ").trim().split("\\s+");
    }

    /** Words {@code from} to {@code to} (as many as there are) joined by spaces. */
    private static String join(String[] words, int from, int to) {
        return from >= words.length ? "" : String.join(" ", java.util.Arrays.copyOfRange(words, from,
                Math.min(to, words.length))).trim();
    }
}
