package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.Follow;
import papers.feed.Feeds;
import papers.feed.PaperPage;
import papers.feed.Period;
import papers.paper.ArxivId;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.search.SearchHit;
import papers.search.SearchService;

/** The HTML pages: day, week, month and trending lists, paper, organization and author pages. */
final class PageRoutes {

    static final int PAGE_SIZE = 30;
    /** Similar papers shown on a paper page. */
    static final int SIMILAR = 6;

    private final PaperStore papers;
    private final Feeds feeds;
    private final SearchService search;
    private final ResponseCache cache;
    private final Templates templates;

    private final papers.community.CommentStore comments;
    private final papers.community.ClaimStore claims;
    private Freshness freshness = Freshness.NONE;

    private final papers.fulltext.FullText fullText;

    PageRoutes(PaperStore papers, Feeds feeds, SearchService search, ResponseCache cache, Templates templates,
               papers.community.CommentStore comments, papers.community.ClaimStore claims,
               papers.fulltext.FullText fullText) {
        this.fullText = fullText;
        this.comments = comments;
        this.claims = claims;
        this.papers = papers;
        this.feeds = feeds;
        this.search = search;
        this.cache = cache;
        this.templates = templates;
    }

    /** The viewer's mutes as "hides this paper", for lists asked with {@code hide_muted=1}; null: no mutes here. */
    private java.util.function.LongFunction<java.util.function.Predicate<Paper>> mutes;

    PageRoutes withMutes(java.util.function.LongFunction<java.util.function.Predicate<Paper>> mutesOf) {
        this.mutes = mutesOf;
        return this;
    }

    /**
     * Serves a list page: from the cache, except for a signed-in viewer who asked to hide their muted papers (a page
     * of their own, never stored).
     */
    private void list(Context ctx, String key, java.util.function.Supplier<ResponseCache.Response> page) {
        if (filter(ctx).personal()) {
            WebServer.send(ctx, page.get());
        } else {
            cache.serve(ctx, key, page);
        }
    }

    private void list(Context ctx, java.util.function.Supplier<ResponseCache.Response> page) {
        list(ctx, pageKey(ctx) + freshness.keyPart(), page);
    }

    /** The list's filter: {@code category=}, {@code has_code=} and the viewer's mutes when asked. */
    private ListFilter filter(Context ctx) {
        return ListFilter.of(ctx, mutes);
    }

    /** List pages say when sources last refreshed their data. */
    PageRoutes withFreshness(Freshness f) {
        this.freshness = f;
        return this;
    }

    /** A list page's template data: the view and, when sources run, when they last brought data. */
    private Map<String, Object> listModel(ListView view) {
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("view", view);
        model.put("filters", true); // category, code and hide-muted form above the list
        String refreshed = freshness.label();
        if (refreshed != null) {
            model.put("refreshed", refreshed);
        }
        return model;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/", ctx -> list(ctx, () -> newestDay(ctx)));
        WebServer.get(routes, "/papers/date", ctx -> { // the day picker's GET form
            LocalDate day = parse(() -> Period.parseDay(String.valueOf(ctx.queryParam("day")))).first();
            ctx.redirect(new Period.Day(day).path(), HttpStatus.SEE_OTHER);
        });
        WebServer.get(routes, "/papers/date/{day}", ctx -> list(ctx,
                () -> periodPage(ctx, parse(() -> Period.parseDay(ctx.pathParam("day"))))));
        WebServer.get(routes, "/papers/week/{week}", ctx -> list(ctx,
                () -> periodPage(ctx, parse(() -> Period.parseWeek(ctx.pathParam("week"))))));
        WebServer.get(routes, "/papers/month/{month}", ctx -> list(ctx,
                () -> periodPage(ctx, parse(() -> Period.parseMonth(ctx.pathParam("month"))))));
        WebServer.get(routes, "/papers/week", ctx -> redirectToNewest(ctx, new Period.Week(LocalDate.now())));
        WebServer.get(routes, "/papers/month", ctx -> redirectToNewest(ctx, new Period.Month(java.time.YearMonth.now())));
        WebServer.get(routes, "/papers/trending", ctx -> list(ctx,
                pageKey(ctx) + "@" + feeds.trendingHour() + freshness.keyPart(), () -> trending(ctx)));
        WebServer.get(routes, "/orgs/{name}", ctx -> {
            FollowButton follow = FollowButton.offer(ctx, Follow.Kind.ORGANIZATION, ctx.pathParam("name"));
            list(ctx, pageKey(ctx), () -> organization(ctx, follow));
        });
        WebServer.get(routes, "/authors/<name>", ctx -> {
            FollowButton follow = FollowButton.offer(ctx, Follow.Kind.AUTHOR, ctx.pathParam("name"));
            list(ctx, pageKey(ctx), () -> author(ctx, follow));
        });
        WebServer.get(routes, "/papers/<id>", this::paper); // last: <id> also matches old-style ids with a slash
    }

    private ResponseCache.Response newestDay(Context ctx) {
        Optional<LocalDate> newest = feeds.newestDay();
        if (newest.isEmpty()) {
            ListView empty = new ListView("Daily Papers", "Daily Papers", null, new PaperPage(List.of(), 0, PAGE_SIZE, 0),
                    "/", null, null, List.of(), "No papers yet. Import some with: bin/papers import hf-daily FILE",
                    false);
            return templates.page(200, "list.jte", Map.of("view", empty));
        }
        return periodPage(ctx, new Period.Day(newest.get()), "/");
    }

    private ResponseCache.Response periodPage(Context ctx, Period period) {
        return periodPage(ctx, period, period.path());
    }

    private ResponseCache.Response periodPage(Context ctx, Period period, String basePath) {
        ListFilter filter = filter(ctx);
        PaperPage page = feeds.period(period, pageParam(ctx), PAGE_SIZE, filter.keep());
        String kind = switch (period) {
            case Period.Day d -> "day";
            case Period.Week w -> "week";
            case Period.Month m -> "month";
        };
        Period.Day day = new Period.Day(period.first());
        List<ListView.Link> views = new ArrayList<>();
        Period.Day dayInPeriod = period instanceof Period.Day d ? d
                : feeds.previous(new Period.Day(period.last().plusDays(1)))
                        .filter(p -> period.contains(p.first())).map(p -> (Period.Day) p).orElse(day);
        views.add(new ListView.Link(dayInPeriod.path(), "Day", kind.equals("day")));
        views.add(new ListView.Link(new Period.Week(period.first()).path(), "Week", kind.equals("week")));
        views.add(new ListView.Link(new Period.Month(java.time.YearMonth.from(period.first())).path(), "Month",
                kind.equals("month")));
        ListView.Link previous = feeds.previous(period).map(p -> ListView.Link.to(p.path(), shortLabel(p))).orElse(null);
        ListView.Link next = feeds.next(period).map(p -> ListView.Link.to(p.path(), shortLabel(p))).orElse(null);
        String heading = switch (period) {
            case Period.Day d -> "Daily Papers";
            case Period.Week w -> "Papers of the week";
            case Period.Month m -> "Papers of the month";
        };
        ListView view = new ListView(heading + " | " + period.label(), heading,
                period.label() + " · " + ListView.plural(page.total(), "paper", "papers") + ", most upvoted first",
                page, filter.on(basePath), previous, next, views,
                !filter.narrows()
                        ? "No papers were listed " + (period instanceof Period.Day ? "on this day" : "in this period")
                                + ". Try the previous or next one, or the trending papers."
                        : "No papers of this period match the filter.",
                !(period instanceof Period.Day));
        return templates.page(200, "list.jte", listModel(view));
    }

    private static String shortLabel(Period p) {
        return switch (p) {
            case Period.Day d -> ListView.shortDay(d.day());
            case Period.Week w -> "Week " + w.key().substring(6) + ", " + w.key().substring(0, 4);
            case Period.Month m -> m.label();
        };
    }

    private void redirectToNewest(Context ctx, Period fallback) {
        Period period = feeds.newestDay().map(fallback::containing).orElse(fallback);
        ctx.redirect(period.path(), HttpStatus.FOUND);
    }

    private ResponseCache.Response trending(Context ctx) {
        ListFilter filter = filter(ctx);
        PaperPage page = feeds.trending(pageParam(ctx), PAGE_SIZE, filter.keep());
        ListView view = new ListView("Trending papers | Daily Papers", "Trending papers",
                "Upvotes weighed by freshness over the last week of listings", page,
                filter.on("/papers/trending"), null, null, List.of(),
                "Nothing is trending yet" + (filter.narrows() ? " that matches the filter" : "")
                        + ": no such papers were listed in the last week.", true);
        return templates.page(200, "list.jte", listModel(view));
    }

    private ResponseCache.Response organization(Context ctx, FollowButton follow) {
        String name = ctx.pathParam("name");
        ListFilter filter = filter(ctx);
        Optional<Organization> org = papers.organization(name);
        if (org.isEmpty()) {
            return templates.message(404, "Not found", "No organization called '" + name + "' here.");
        }
        PaperPage page = feeds.byOrganization(name, pageParam(ctx), PAGE_SIZE, filter.keep());
        String display = org.get().displayName();
        ListView view = new ListView(display + " | Daily Papers", display,
                (display.equals(name) ? "" : name + " · ") + ListView.plural(page.total(), "paper", "papers")
                        + (filter.narrows() ? " matching the filter" : "") + ", newest first",
                page, filter.on(ListView.orgHref(name)), null, null, List.of(),
                filter.narrows() ? "No papers from " + display + " match the filter."
                        : "No papers from " + display + " yet.", true);
        return templates.page(200, "list.jte", Map.of("view", view, "follow", follow, "filters", true));
    }

    /** An author's papers; an unknown author is a 404, a known one whose papers the filter all leaves out is empty. */
    private ResponseCache.Response author(Context ctx, FollowButton follow) {
        String name = ctx.pathParam("name");
        ListFilter filter = filter(ctx);
        PaperPage page = feeds.byAuthor(name, pageParam(ctx), PAGE_SIZE, filter.keep());
        if (page.total() == 0 && (!filter.narrows() || papers.countByAuthor(name) == 0)) {
            return templates.message(404, "Not found", "No papers by an author called '" + name + "' here.");
        }
        ListView view = new ListView(name + " | Daily Papers", name,
                ListView.plural(page.total(), "paper", "papers")
                        + (filter.narrows() ? " matching the filter" : "") + ", newest first", page,
                filter.on(ListView.authorHref(name)), null, null, List.of(),
                "No papers by " + name + " match the filter.", true);
        return templates.page(200, "list.jte", Map.of("view", view, "follow", follow, "filters", true));
    }

    private void paper(Context ctx) {
        String raw = ctx.pathParam("id");
        boolean markdown = raw.endsWith(".md");
        String idText = markdown ? raw.substring(0, raw.length() - 3) : raw;
        Optional<ArxivId> parsed = ArxivId.parse(idText);
        if (parsed.isEmpty()) {
            WebServer.send(ctx, templates.message(404, "Not found",
                    "'" + raw + "' is not an arXiv id (like 2405.15738 or hep-th/9901001)."));
            return;
        }
        String id = parsed.get().id();
        if (!id.equals(idText)) { // a version or another spelling: one canonical address per paper
            ctx.redirect("/papers/" + id + (markdown ? ".md" : ""), HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        ctx.header("Vary", "Accept");
        if (markdown || prefersMarkdown(ctx.header("Accept"))) { // as Hugging Face answers agents asking for text
            markdown(ctx, id);
            return;
        }
        if (Auth.viewer(ctx).map(v -> v.user().admin()).orElse(false) && papers.isHidden(id)) {
            Paper hidden = papers.findIncludingHidden(id).orElseThrow(); // for admins only: never cached
            WebServer.send(ctx, templates.page(200, "paper.jte", Map.of("paper", hidden, "similar", List.of(),
                    "comments", comments.forPaper(id), "claimedBy", claimedBy(hidden), "hidden", true)));
            return;
        }
        // Similar papers need the paper's embedding, which the background worker adds after an import without a
        // store change: the key says whether it was there, so the page is rendered again once it is.
        boolean embedded = search.embeddingOf(id).isPresent();
        cache.serve(ctx, "/papers/" + id + (embedded ? "" : "#no-embedding"), () -> { // the key a route reads
            Optional<Paper> paper = papers.find(id);
            if (paper.isEmpty()) {
                return templates.message(404, "Not found", "No paper " + id + " here yet.");
            }
            return templates.page(200, "paper.jte", Map.of("paper", paper.get(), "similar", similar(id),
                    "comments", comments.forPaper(id), "claimedBy", claimedBy(paper.get())));
        });
    }

    /**
     * The paper as Markdown: its whole text when arXiv's HTML version has been converted, else the abstract (and the
     * paper is queued for fetching). Not cached: the stored text is one file read, and it appears without a change.
     */
    private void markdown(Context ctx, String id) {
        Optional<Paper> paper = papers.find(id);
        if (paper.isEmpty()) {
            WebServer.send(ctx, templates.message(404, "Not found", "No paper " + id + " here yet."));
            return;
        }
        String body = null;
        if (fullText != null) {
            body = fullText.stored(id).orElse(null);
            if (body == null) {
                fullText.request(id);
            }
        }
        WebServer.send(ctx, ResponseCache.Response.of(200, "text/markdown; charset=utf-8",
                PaperMarkdown.of(paper.get(), body)));
    }

    /** An Accept header that asks for Markdown and not for HTML (browsers always list text/html). */
    static boolean prefersMarkdown(String accept) {
        return accept != null && accept.contains("text/markdown") && !accept.contains("text/html");
    }

    /**
     * The verified authors of a paper: author position to username, for the approved claims whose entry still has
     * the name that was claimed (a new version that reorders the authors must not move a badge onto someone else).
     */
    private Map<Integer, String> claimedBy(Paper paper) {
        Map<Integer, String> verified = new java.util.HashMap<>();
        for (papers.community.Claim c : claims.approvedFor(paper.id())) {
            int i = c.authorPosition();
            if (i < paper.authors().size() && paper.authors().get(i).name().equals(c.authorName())) {
                verified.put(i, c.username());
            }
        }
        return verified;
    }

    /** The papers nearest to this one by meaning, for the paper page; empty until its embedding is computed. */
    private List<Paper> similar(String id) {
        List<String> ids;
        try {
            ids = search.similar(id, SIMILAR).stream().map(SearchHit::id).toList();
        } catch (papers.search.SearchIndex.RebuildingException e) {
            return List.of(); // the paper itself is in the store: show it without its neighbours for now
        }
        Map<String, Paper> byId = papers.findAll(ids);
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** A period from the URL, or a 400 naming what is wrong with it. */
    static Period parse(java.util.function.Supplier<Period> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    /**
     * The cache key of a list page: its path and the parameters it reads (page, the category and has-code filter,
     * hide_muted), normalised, so that made-up parameters
     * ({@code ?x=1}, {@code ?page=01}) cannot fill the cache with copies.
     */
    static String pageKey(Context ctx) {
        int page = pageParam(ctx);
        return ctx.path() + (page == 0 ? "" : "?page=" + (page + 1)) + ListFilter.of(ctx, null).keyPart();
    }

    /** {@code ?page=N}, counted from 1 as people read it. */
    static int pageParam(Context ctx) {
        String raw = ctx.queryParam("page");
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        try {
            int page = Integer.parseInt(raw);
            if (page < 1 || page > 100_000) {
                throw new BadRequestResponse("page must be a number from 1, got '" + raw + "'");
            }
            return page - 1;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("page must be a number from 1, got '" + raw + "'");
        }
    }

    static String authorNames(Paper p) {
        return String.join(", ", p.authors().stream().map(Author::name).toList());
    }
}
