package papers.paper;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The list filters readers set in URLs: {@code category=} (an arXiv category; the paper must carry it) and
 * {@code has_code=true} (the paper links a code repository). {@link #NONE} lets everything through.
 *
 * @param category the category as arXiv spells it, or null for any
 */
public record PaperFilter(String category, boolean hasCode) implements Predicate<Paper> {

    public static final PaperFilter NONE = new PaperFilter(null, false);

    /**
     * The filter of a request's parameters (null or empty: not given). {@link IllegalArgumentException} names the
     * parameter: a category outside arXiv's taxonomy, or {@code has_code} other than true/false.
     */
    public static PaperFilter parse(String category, String hasCode) {
        String c = null;
        if (category != null && !category.isBlank()) {
            try {
                c = ArxivCategories.check(category);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("category: " + e.getMessage());
            }
        }
        boolean code = false;
        if (hasCode != null && !hasCode.isEmpty()) {
            code = switch (hasCode.toLowerCase(Locale.ROOT)) {
                case "true", "1", "on", "yes" -> true;
                case "false", "0", "off", "no" -> false;
                default -> throw new IllegalArgumentException("has_code: must be true or false, got '" + hasCode + "'");
            };
        }
        return new PaperFilter(c, code);
    }

    public boolean isNone() {
        return category == null && !hasCode;
    }

    @Override
    public boolean test(Paper p) {
        return (category == null || p.categories().contains(category))
                && (!hasCode || (p.githubRepo() != null && !p.githubRepo().isBlank()));
    }

    /** The filter as URL parameters ({@code category=cs.CL&has_code=true}), empty for none. */
    public String query() {
        StringBuilder q = new StringBuilder();
        if (category != null) {
            q.append("category=").append(category);
        }
        if (hasCode) {
            q.append(q.isEmpty() ? "" : "&").append("has_code=true");
        }
        return q.toString();
    }
}
