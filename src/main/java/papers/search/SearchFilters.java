package papers.search;

import java.time.LocalDate;

/**
 * Restrictions on which papers a search returns. Dates bound the listing day (or the arXiv submission day for papers
 * never listed), both ends inclusive; null means unbounded. {@code organization} matches the organization's name.
 */
public record SearchFilters(LocalDate from, LocalDate to, String organization, int minUpvotes) {

    public SearchFilters {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (minUpvotes < 0) {
            throw new IllegalArgumentException("minimum upvotes cannot be negative, got " + minUpvotes);
        }
        organization = organization == null || organization.isBlank() ? null : organization.strip();
    }

    public static SearchFilters none() {
        return new SearchFilters(null, null, null, 0);
    }

    public boolean isNone() {
        return from == null && to == null && organization == null && minUpvotes == 0;
    }
}
