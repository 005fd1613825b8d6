package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.paper.PaperFilter;
import papers.feed.Feeds;
import papers.feed.PaperPage;
import papers.feed.Trending;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.search.SearchFilters;
import papers.search.SearchHit;
import papers.search.SearchResults;
import papers.search.SearchService;
import papers.search.SearchSort;

/**
 * The Hugging Face-compatible JSON API under /api: the same paths, parameters and field names, so that clients of
 * huggingface.co/api (the {@code huggingface_hub} Python client with {@code HF_ENDPOINT} pointing here) work
 * unchanged. Answers are cached until the store changes. Any other /api path answers a JSON 404 (see
 * {@link WebServer}), never a page.
 */
final class ApiRoutes {

    static final String JSON = "application/json";
    /** Longer search queries get a 400, as the issue for this API specifies. */
    static final int MAX_QUERY_LENGTH = 250;
    /** A submitter's papers over every listing day, when no period is given. */
    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    private final PaperStore papers;
    private final Feeds feeds;
    private final ResponseCache cache;
    private final SearchService search;
    private final ResponseCache.Response openApi;

    ApiRoutes(PaperStore papers, Feeds feeds, SearchService search, ResponseCache cache) {
        this.papers = papers;
        this.feeds = feeds;
        this.search = search;
        this.cache = cache;
        this.openApi = new ResponseCache.Response(200, JSON, resource("/api/openapi.json"));
    }

    void register(RoutesConfig routes) {
        // Readable from pages on other hosts, like huggingface.co/api: the API is public and read-only.
        routes.before("/api/*", ctx -> ctx.header("Access-Control-Allow-Origin", "*"));
        // HEAD runs the GET handler (Jetty drops the body): Javalin's own HEAD answers 200 text/plain for any
        // path a GET route matches, even /api/papers/ID/anything.
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD)) {
            routes.addHttpHandler(method, "/api/daily_papers", this::dailyPapers);
            routes.addHttpHandler(method, "/api/papers/search", this::search); // before <id>, which matches it too
            routes.addHttpHandler(method, "/api/papers/<id>", this::paper); // <id>: old ids have a slash (hep-th/9901001)
            routes.addHttpHandler(method, "/api/openapi.json", ctx -> WebServer.send(ctx, openApi));
        }
    }

    private void dailyPapers(Context ctx) {
        DailyPapersQuery query = DailyPapersQuery.from(ctx);
        String key = query.cacheKey() + (query.sort() == Feeds.Sort.TRENDING ? "@" + feeds.trendingHour() : "");
        cache.serve(ctx, key, () -> new ResponseCache.Response(200, JSON,
                ApiJson.dailyPapers(list(query).papers())));
    }

    /**
     * The papers a query asks for. Without a period: a submitter's papers of every day, else the trending window
     * (the last {@value Trending#WINDOW_DAYS} listing days) for {@code sort=trending}, else the newest listing day.
     */
    private PaperPage list(DailyPapersQuery q) {
        LocalDate first;
        LocalDate last;
        if (q.period() != null) {
            first = q.period().first();
            last = q.period().last();
        } else if (q.submitter() != null) {
            first = FIRST_DAY;
            last = LAST_DAY;
        } else {
            Optional<LocalDate> newest = feeds.newestDay();
            if (newest.isEmpty()) {
                return new PaperPage(List.of(), q.page(), q.limit(), 0);
            }
            last = newest.get();
            first = q.sort() == Feeds.Sort.TRENDING ? last.minusDays(Trending.WINDOW_DAYS - 1L) : last;
        }
        return feeds.listed(first, last, q.submitter(), q.sort(), q.page(), q.limit(), q.filter());
    }

    private void paper(Context ctx) {
        String raw = ctx.pathParam("id");
        if (raw.endsWith("/similar")) { // /api/papers/{id}/similar: old-style ids have a slash too, so split here
            String idPart = raw.substring(0, raw.length() - "/similar".length());
            Optional<ArxivId> similarOf = ArxivId.parse(idPart);
            if (similarOf.isPresent()) {
                similar(ctx, similarOf.get().id());
                return;
            }
        }
        Optional<ArxivId> parsed = ArxivId.parse(raw);
        if (parsed.isEmpty()) {
            if (raw.contains("/")) { // a deeper path (/api/papers/ID/repos, ...): an endpoint this server lacks
                WebServer.send(ctx, error(404, "There is no API endpoint at " + ctx.path() + "."));
                return;
            }
            throw new BadRequestResponse("id: '" + raw + "' is not an arXiv id (like 2405.15738 or hep-th/9901001)");
        }
        String id = parsed.get().id(); // a versioned id answers the paper: the API has one record per paper
        cache.serve(ctx, "api:papers/" + id, () -> papers.find(id)
                .map(p -> new ResponseCache.Response(200, JSON, ApiJson.paper(p)))
                .orElseGet(() -> error(404, "No paper " + id + " here.")));
    }

    /**
     * {@code /api/papers/search?q=&limit=}: items shaped like {@code /api/daily_papers}, best first. Not cached: the
     * index follows the store a moment after each write.
     */
    private void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw new BadRequestResponse("q: a search query is required, like ?q=diffusion");
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new BadRequestResponse("q: at most " + MAX_QUERY_LENGTH + " characters, got " + q.length());
        }
        int limit = DailyPapersQuery.number(ctx, "limit", 20, 1, SearchService.MAX_PAGE_SIZE);
        PaperFilter filter = DailyPapersQuery.filter(ctx);
        SearchResults results;
        try { // the filter is applied inside the index: the best papers that match it
            results = search.search(q, SearchFilters.none().withPaperFilter(filter.category(), filter.hasCode()),
                    SearchSort.RELEVANCE, 1, limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("q: " + e.getMessage());
        }
        WebServer.send(ctx, new ResponseCache.Response(200, JSON, ApiJson.dailyPapers(inOrder(results.ids()))));
    }

    /** {@code /api/papers/{id}/similar?limit=}: the nearest papers by embedding, as daily_papers items. */
    private void similar(Context ctx, String id) {
        int limit = DailyPapersQuery.number(ctx, "limit", 10, 1, SearchService.MAX_PAGE_SIZE);
        if (papers.find(id).isEmpty()) {
            WebServer.send(ctx, error(404, "No paper " + id + " here."));
            return;
        }
        List<String> ids = search.similar(id, limit).stream().map(SearchHit::id).toList();
        WebServer.send(ctx, new ResponseCache.Response(200, JSON, ApiJson.dailyPapers(inOrder(ids))));
    }

    private List<Paper> inOrder(List<String> ids) {
        Map<String, Paper> byId = papers.findAll(ids);
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }


    static ResponseCache.Response error(int status, String message) {
        return ResponseCache.Response.of(status, JSON, WebServer.errorJson(message));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
