package papers.search;

import java.util.Locale;

/** How search results are ordered. */
public enum SearchSort {
    RELEVANCE, DATE, UPVOTES;

    /** Parses "relevance", "date" or "upvotes" (any case); null or blank means relevance. */
    public static SearchSort parse(String text) {
        if (text == null || text.isBlank()) {
            return RELEVANCE;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sort must be relevance, date or upvotes, got '" + text + "'");
        }
    }
}
