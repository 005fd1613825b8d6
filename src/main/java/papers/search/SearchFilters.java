package papers.search;

import java.time.LocalDate;
import java.util.Set;

/**
 * Restrictions on which papers a search returns, all applied inside the index (non-scoring clauses of the query and
 * the vector search's filter), so results and counts cover every matching paper. Dates bound the listing day (or the
 * arXiv submission day for papers never listed), both ends inclusive; null means unbounded. {@code organization}
 * matches the organization's name; {@code category} an arXiv category the paper carries (as arXiv spells it);
 * {@code hasCode} keeps papers that link a code repository; {@code excluded} leaves out a reader's muted papers.
 */
public record SearchFilters(LocalDate from, LocalDate to, String organization, int minUpvotes, String category,
                            boolean hasCode, Excluded excluded) {

    /**
     * Papers left out: any whole word of the combined text (title, abstract, author names; lower-cased, as the index
     * reads it), any of the categories, any author named exactly so.
     */
    public record Excluded(Set<String> words, Set<String> categories, Set<String> authors) {
        public static final Excluded NONE = new Excluded(Set.of(), Set.of(), Set.of());

        public Excluded {
            words = Set.copyOf(words);
            categories = Set.copyOf(categories);
            authors = Set.copyOf(authors);
        }

        public boolean isEmpty() {
            return words.isEmpty() && categories.isEmpty() && authors.isEmpty();
        }
    }

    public SearchFilters {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (minUpvotes < 0) {
            throw new IllegalArgumentException("minimum upvotes cannot be negative, got " + minUpvotes);
        }
        organization = organization == null || organization.isBlank() ? null : organization.strip();
        category = category == null || category.isBlank() ? null : category.strip();
        excluded = excluded == null ? Excluded.NONE : excluded;
    }

    public SearchFilters(LocalDate from, LocalDate to, String organization, int minUpvotes) {
        this(from, to, organization, minUpvotes, null, false, Excluded.NONE);
    }

    public static SearchFilters none() {
        return new SearchFilters(null, null, null, 0);
    }

    /** These filters keeping only papers of {@code category} (null: any) and, when asked, with code. */
    public SearchFilters withPaperFilter(String category, boolean hasCode) {
        return new SearchFilters(from, to, organization, minUpvotes, category, hasCode, excluded);
    }

    /** These filters leaving out the given papers too. */
    public SearchFilters excluding(Excluded more) {
        return new SearchFilters(from, to, organization, minUpvotes, category, hasCode, more);
    }

    public boolean isNone() {
        return from == null && to == null && organization == null && minUpvotes == 0 && category == null && !hasCode
                && excluded.isEmpty();
    }
}
