package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import papers.paper.PaperFilter;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.search.SearchFilters;
import papers.search.SearchHit;
import papers.search.SearchQuery;
import papers.search.SearchResults;
import papers.search.SearchService;
import papers.search.SearchSort;

/**
 * The search page, {@code /search?q=&from=&to=&org=&min_upvotes=&category=&has_code=&hide_muted=&sort=&page=}.
 * Not cached: the index catches up with
 * the store a moment after each write, so a cached page could hide a paper that was just imported.
 */
final class SearchRoutes {

    static final int PAGE_SIZE = 20;

    private final PaperStore papers;
    private final SearchService search;
    private final Templates templates;

    SearchRoutes(PaperStore papers, SearchService search, Templates templates) {
        this.papers = papers;
        this.search = search;
        this.templates = templates;
    }

    /** A reader's mutes as index exclusions, for {@code hide_muted=1}; null: no "For you" here. */
    private java.util.function.LongFunction<SearchFilters.Excluded> mutes;

    SearchRoutes withMutes(java.util.function.LongFunction<SearchFilters.Excluded> mutesOf) {
        this.mutes = mutesOf;
        return this;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/search", this::page);
    }

    private void page(Context ctx) {
        String q = param(ctx, "q");
        String from = param(ctx, "from");
        String to = param(ctx, "to");
        String org = param(ctx, "org");
        String minUpvotes = param(ctx, "min_upvotes");
        SearchSort sort = sort(param(ctx, "sort"));
        PaperFilter filter = DailyPapersQuery.filter(ctx);
        boolean hideMuted = "1".equals(ctx.queryParam("hide_muted"));
        SearchFilters.Excluded muted = hideMuted && mutes != null
                ? Auth.viewer(ctx).map(v -> mutes.apply(v.user().id())).orElse(SearchFilters.Excluded.NONE)
                : SearchFilters.Excluded.NONE;
        SearchFilters filters = filters(from, to, org, minUpvotes).withPaperFilter(filter.category(), filter.hasCode())
                .excluding(muted);
        String category = filter.category() == null ? "" : filter.category();
        String hasCode = filter.hasCode() ? "true" : "";
        int page = PageRoutes.pageParam(ctx) + 1;
        String sortName = sort.name().toLowerCase(java.util.Locale.ROOT);
        if (q.isEmpty() && filters.isNone()) {
            WebServer.send(ctx, render(new SearchView("", from, to, org, minUpvotes, sortName, List.of(), 0, 1,
                    PAGE_SIZE, category, hasCode, hideMuted)));
            return;
        }
        SearchQuery parsed = parse(q);
        var known = parsed.isIdLookup() ? papers.find(parsed.arxivId().id()) : java.util.Optional.<Paper>empty();
        if (known.isPresent()) { // an id or arXiv link of a paper we have: straight to it
            ctx.redirect(ListView.paperHref(known.get()), HttpStatus.FOUND);
            return;
        }
        SearchResults results;
        try { // every filter is applied inside the index: complete results and counts
            results = search.search(q, filters, sort, page, PAGE_SIZE);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        WebServer.send(ctx, render(new SearchView(q, from, to, org, minUpvotes, sortName, results(results, papers),
                results.total(), page, PAGE_SIZE, category, hasCode, hideMuted)));
    }

    private ResponseCache.Response render(SearchView view) {
        return templates.page(200, "search.jte", Map.of("view", view));
    }

    /** The hits with their papers, in the hits' order; a hit whose paper is gone (deleted meanwhile) is left out. */
    static List<SearchView.Result> results(SearchResults results, PaperStore papers) {
        Map<String, Paper> byId = papers.findAll(results.ids());
        List<SearchView.Result> out = new ArrayList<>();
        int rank = (results.page() - 1) * results.size() + 1;
        for (SearchHit hit : results.hits()) {
            Paper p = byId.get(hit.id());
            if (p != null) {
                out.add(new SearchView.Result(p, hit.titleHtml(), hit.snippetHtml(), rank++));
            }
        }
        return out;
    }

    static SearchQuery parse(String q) {
        try {
            return SearchQuery.parse(q);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("q: " + e.getMessage());
        }
    }

    static SearchSort sort(String raw) {
        try {
            return SearchSort.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    static SearchFilters filters(String from, String to, String org, String minUpvotes) {
        try {
            return new SearchFilters(day("from", from), day("to", to), org, upvotes(minUpvotes));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    private static LocalDate day(String name, String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(name + " must be a date like 2026-08-21, got '" + raw + "'");
        }
    }

    private static int upvotes(String raw) {
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("min_upvotes must be a whole number, got '" + raw + "'");
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
