package papers.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.AccountException;
import papers.community.Follow;
import papers.community.FollowStore;
import papers.community.SignedIn;
import papers.community.User;
import papers.feed.Feeds;
import papers.feed.Period;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.recommend.LibraryImport;
import papers.recommend.Mutes;
import papers.recommend.ReaderStore;
import papers.recommend.Recommender;

/**
 * "For you": the reader's ranked page {@code /for-you} and {@code GET /api/me/for-you}, and the first-visit picks
 * ({@code /for-you/start}). Saves and dismissals are {@link SavedRoutes}, the settings (mutes, topics, library import)
 * {@link ReaderSettingsRoutes}; this registers both. Pages are the viewer's own: never cached, no JavaScript needed.
 */
final class ForYouRoutes {

    /** Papers offered on the first visit. */
    static final int START_PICKS = 24;

    private final Recommender recommender;
    private final ReaderStore readers;
    private final PaperStore papers;
    private final Feeds feeds;
    private final FollowStore follows;
    private final Auth auth;
    private final Templates templates;
    private final SavedRoutes saved;
    private final ReaderSettingsRoutes settings;

    ForYouRoutes(Recommender recommender, LibraryImport library, PaperStore papers, Feeds feeds, FollowStore follows,
                 Auth auth, Templates templates) {
        this.recommender = recommender;
        this.readers = recommender.readers();
        this.papers = papers;
        this.feeds = feeds;
        this.follows = follows;
        this.auth = auth;
        this.templates = templates;
        this.saved = new SavedRoutes(readers, papers, auth, templates);
        this.settings = new ReaderSettingsRoutes(readers, library, auth, templates);
    }

    void register(RoutesConfig routes) {
        saved.register(routes);
        WebServer.get(routes, "/for-you", this::page);
        WebServer.get(routes, "/for-you/start", this::start);
        routes.post("/for-you/start", this::startForm);
        WebServer.get(routes, "/api/me/for-you", this::api);
        settings.register(routes, this::reader);
    }

    /** The reader's mutes, as "hides this paper" (for lists asked to hide muted papers). */
    java.util.function.Predicate<Paper> mutesOf(long userId) {
        return readers.mutes(userId)::hides;
    }

    /** The reader's mutes as search exclusions (for a search asked to hide muted papers). */
    papers.search.SearchFilters.Excluded excludedOf(long userId) {
        Mutes m = readers.mutes(userId);
        return new papers.search.SearchFilters.Excluded(m.words(), m.categories(), m.authors());
    }

    /** The user of an API read: a Bearer token's, or the session's (no CSRF header needed to read). */
    User reader(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        User user = ctx.header("Authorization") == null && viewer.isPresent() ? viewer.get().user() : auth.apiUser(ctx);
        ctx.header("Cache-Control", "private, no-store");
        return user;
    }

    /** The period asked for ({@code date}, {@code week} or {@code month}), else the week of the newest listing. */
    private Optional<Period> period(DailyPapersQuery q) {
        if (q.period() != null) {
            return Optional.of(q.period());
        }
        return feeds.newestDay().map(Period.Week::new);
    }

    private void api(Context ctx) {
        User user = reader(ctx);
        DailyPapersQuery q = DailyPapersQuery.from(ctx);
        Optional<Period> period = period(q);
        Recommender.ForYou list = period.map(p -> recommender.forYou(user.id(), p.first(), p.last(),
                        q.limit() * (q.page() + 1)))
                .orElse(new Recommender.ForYou(List.of(), false, 0, "No papers here yet."));
        List<Recommender.Pick> pageOf = list.picks().stream().skip((long) q.page() * q.limit()).toList();
        ctx.header("X-For-You", list.personal() ? "personal" : "trending");
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON, new String(ApiJson.withReasons(
                pageOf.stream().map(Recommender.Pick::paper).toList(),
                pageOf.stream().map(Recommender.Pick::reasons).toList()), StandardCharsets.UTF_8)));
    }

    /** The signed-in viewer, or a redirect to log in (then null). */
    static SignedIn viewerOrLogin(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return null;
        }
        return viewer.get();
    }

    private void page(Context ctx) {
        SignedIn viewer = viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        long user = viewer.user().id();
        DailyPapersQuery q = DailyPapersQuery.from(ctx);
        Optional<Period> period = period(q);
        int size = PageRoutes.PAGE_SIZE;
        int pageNumber = PageRoutes.pageParam(ctx);
        Recommender.ForYou list = period.map(p -> recommender.forYou(user, p.first(), p.last(),
                        size * (pageNumber + 1)))
                .orElse(new Recommender.ForYou(List.of(), false, 0, null));
        if (list.signals() == 0 && ctx.queryParam("skip") == null && readers.signals(user).isEmpty()) {
            ctx.redirect("/for-you/start", HttpStatus.SEE_OTHER); // the first visit asks what the reader likes
            return;
        }
        List<Recommender.Pick> picks = list.picks().stream().skip((long) pageNumber * size).toList();
        List<ListView.Link> views = new ArrayList<>();
        period.ifPresent(p -> {
            LocalDate day = p instanceof Period.Day ? p.first() : feeds.newestDay().filter(p::contains).orElse(p.last());
            views.add(new ListView.Link("/for-you?date=" + day, "Day", p instanceof Period.Day));
            views.add(new ListView.Link("/for-you?week=" + new Period.Week(p.first()).key(), "Week",
                    p instanceof Period.Week));
            views.add(new ListView.Link("/for-you?month=" + new Period.Month(java.time.YearMonth.from(p.first())).key(),
                    "Month", p instanceof Period.Month));
        });
        String query = period.map(p -> "?" + switch (p) {
            case Period.Day d -> "date=";
            case Period.Week w -> "week=";
            case Period.Month m -> "month=";
        } + p.key()).orElse("");
        Map<String, Object> model = new HashMap<>();
        model.put("heading", "For you");
        model.put("subheading", period.map(Period::label).orElse("No papers here yet"));
        model.put("picks", picks);
        model.put("firstRank", pageNumber * size + 1);
        model.put("personal", list.personal());
        model.put("message", list.message() == null ? "" : list.message());
        model.put("views", views);
        model.put("notice", String.valueOf(Optional.ofNullable(ctx.queryParam("notice")).orElse("")));
        model.put("previousHref", pageNumber > 0 ? "/for-you" + query + (query.isEmpty() ? "?" : "&") + "page="
                + pageNumber : "");
        model.put("nextHref", list.picks().size() >= size * (pageNumber + 1) ? "/for-you" + query
                + (query.isEmpty() ? "?" : "&") + "page=" + (pageNumber + 2) : "");
        WebServer.send(ctx, templates.page(200, "for_you.jte", model));
    }

    private void start(Context ctx) {
        SignedIn viewer = viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        List<Paper> offered = feeds.trending(0, START_PICKS).papers();
        Map<String, Object> model = new HashMap<>();
        model.put("papers", offered);
        model.put("topics", readers.topics(viewer.user().id()));
        model.put("notice", String.valueOf(Optional.ofNullable(ctx.queryParam("notice")).orElse("")));
        WebServer.send(ctx, templates.page(200, "for_you_start.jte", model));
    }

    /** The first-visit form: picked papers, authors to follow (one per line or comma), topics (one per line). */
    private void startForm(Context ctx) {
        SignedIn viewer = viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        long user = viewer.user().id();
        List<String> notes = new ArrayList<>();
        for (String raw : ctx.formParams("paper")) {
            String id = ArxivId.parse(raw).map(ArxivId::id)
                    .orElseThrow(() -> new io.javalin.http.BadRequestResponse("'paper' must be an arXiv id, got '" + raw + "'"));
            try {
                readers.add(user, ReaderStore.Kind.PICK, id);
            } catch (IllegalArgumentException | IllegalStateException e) {
                notes.add(e.getMessage());
            }
        }
        for (String name : split(ctx.formParam("authors"), "[,\\n]")) {
            try {
                follows.follow(user, Follow.Kind.AUTHOR, name);
            } catch (FollowStore.UnknownTarget e) {
                notes.add(e.getMessage());
            } catch (AccountException e) {
                throw new io.javalin.http.BadRequestResponse(e.getMessage());
            }
        }
        for (String topic : split(ctx.formParam("topics"), "\\n")) {
            ReaderSettingsRoutes.addTopic(readers, user, topic);
        }
        ctx.redirect(notes.isEmpty() ? "/for-you" : "/for-you?skip=1&notice="
                + java.net.URLEncoder.encode(String.join(" ", notes), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private static List<String> split(String raw, String separator) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.split(separator)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        if (out.size() > 50) {
            throw new io.javalin.http.BadRequestResponse("at most 50 at a time, got " + out.size());
        }
        return out;
    }

}
