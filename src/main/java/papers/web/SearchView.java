package papers.web;

import java.util.List;
import papers.paper.Paper;

/**
 * The search page: the query and filters as typed (echoed back into the form), one page of results with their
 * highlighted title and snippet, and links to other pages that keep the query and filters.
 */
public record SearchView(
        String query,
        String from,
        String to,
        String org,
        String minUpvotes,
        String sort,
        List<Result> hits,
        long total,
        int page,
        int size,
        String category,
        String hasCode,
        boolean hideMuted) {

    /** Without the category, code and mute filters. */
    public SearchView(String query, String from, String to, String org, String minUpvotes, String sort,
                      List<Result> hits, long total, int page, int size) {
        this(query, from, to, org, minUpvotes, sort, hits, total, page, size, "", "", false);
    }

    /** One hit: the paper, and its title and snippet as escaped HTML with {@code <mark>} around matches. */
    public record Result(Paper paper, String titleHtml, String snippetHtml, int rank) { }

    /** An option of a select box. */
    public record Option(String value, String label, boolean selected) { }

    public String title() {
        return query.isEmpty() ? "Search | Daily Papers" : query + " | Search | Daily Papers";
    }

    public String heading() {
        return query.isEmpty() && !hasFilters() ? "Search papers"
                : query.isEmpty() ? "Search results" : "Results for “" + query + "”";
    }

    public String subheading() {
        if (query.isEmpty() && !hasFilters()) {
            return "By meaning and by exact words, over every paper in this hub";
        }
        return total == 0 ? null : String.format(java.util.Locale.ENGLISH, "%,d %s", total,
                total == 1 ? "paper" : "papers") + (sort.equals("relevance") ? ", best match first"
                : sort.equals("date") ? ", newest first" : ", most upvoted first");
    }

    /**
     * Authors of the results whose surname the query names ("hinton diffusion"): the page offers their author pages.
     * At most three, in the order the results list them.
     */
    public List<String> authorsNamed() {
        java.util.Set<String> words = new java.util.HashSet<>();
        for (String w : query.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3) {
                words.add(w);
            }
        }
        java.util.LinkedHashSet<String> named = new java.util.LinkedHashSet<>();
        for (Result r : hits) {
            for (papers.paper.Author a : r.paper().authors()) {
                String[] parts = a.name().toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+");
                if (parts.length > 1 && words.contains(parts[parts.length - 1]) && named.size() < 3) {
                    named.add(a.name());
                }
            }
        }
        return List.copyOf(named);
    }

    public boolean hasFilters() {
        return !from.isEmpty() || !to.isEmpty() || !org.isEmpty() || !minUpvotes.isEmpty()
                || !category.isEmpty() || !hasCode.isEmpty() || hideMuted;
    }

    public List<Option> sortOptions() {
        return List.of(new Option("relevance", "Best match", sort.equals("relevance")),
                new Option("date", "Newest", sort.equals("date")),
                new Option("upvotes", "Most upvoted", sort.equals("upvotes")));
    }

    public int firstRank() {
        return (page - 1) * size + 1;
    }

    public int pages() {
        return (int) Math.min(Integer.MAX_VALUE, (total + size - 1) / size);
    }

    /** Page {@code n} (from 1) of these results. */
    public String pageHref(int n) {
        return href(query, true) + (n > 1 ? "&page=" + n : "");
    }

    public String withoutFiltersHref() {
        return href(query, false);
    }

    private String href(String q, boolean withFilters) {
        StringBuilder s = new StringBuilder("/search?q=").append(encode(q));
        if (withFilters) {
            append(s, "from", from);
            append(s, "to", to);
            append(s, "org", org);
            append(s, "min_upvotes", minUpvotes);
            append(s, "category", category);
            append(s, "has_code", hasCode);
            append(s, "hide_muted", hideMuted ? "1" : "");
        }
        if (!sort.equals("relevance")) {
            append(s, "sort", sort);
        }
        return s.toString();
    }

    private static void append(StringBuilder s, String name, String value) {
        if (!value.isEmpty()) {
            s.append('&').append(name).append('=').append(encode(value));
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
