package papers.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.community.AccountStore;
import papers.community.ClaimStore;
import papers.community.CommentStore;
import papers.community.FollowStore;
import papers.community.VoteStore;
import papers.feed.Feeds;
import papers.paper.ArxivId;
import papers.paper.PaperStore;
import papers.search.SearchService;

/**
 * The HTTP face of Daily Papers: server-rendered pages, the Hugging Face-compatible JSON API and RSS/Atom feeds.
 * Errors answer in the request's own kind: JSON under /api, a page elsewhere; never a stack trace.
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLED = "papers.handled";
    private static final String RETRY_AFTER = "Retry-After";

    private final PaperStore papers;
    private final Feeds feeds;
    private final SearchService search;
    private final ResponseCache cache;
    private final String baseUrl;
    private final Templates templates = new Templates();
    private final AccountStore accounts;
    private final VoteStore votes;
    private final CommentStore comments;
    private final Auth auth;
    private final FollowStore follows;
    private final ClaimStore claims;
    private final papers.community.Submissions submissions;
    private final papers.community.SubmissionStore submissionStore;
    private final papers.community.PaperModeration moderation;
    private DigestRoutes.Services digests;
    private final papers.community.RateLimits limits;
    private ForYouRoutes forYou;
    private HealthRoutes health;
    private Freshness freshness = Freshness.NONE;
    private java.time.Clock sourcesClock;
    private java.util.function.Supplier<java.util.List<papers.sources.SourceRunner.Status>> sources;

    /**
     * @param baseUrl the site's public address (PAPERS_BASE_URL) for absolute links, or null; when it is https,
     *                cookies are marked Secure
     */
    public WebServer(PaperStore papers, Feeds feeds, SearchService search, ResponseCache cache, String baseUrl,
                     AccountStore accounts, VoteStore votes, CommentStore comments, FollowStore follows,
                     ClaimStore claims, papers.community.Submissions submissions,
                     papers.community.SubmissionStore submissionStore, papers.community.PaperModeration moderation,
                     papers.community.RateLimits limits) {
        this.limits = limits;
        this.moderation = moderation;
        this.submissions = submissions;
        this.submissionStore = submissionStore;
        this.follows = follows;
        this.claims = claims;
        this.baseUrl = baseUrl;
        this.accounts = accounts;
        this.votes = votes;
        this.comments = comments;
        this.auth = new Auth(accounts, votes, baseUrl != null && baseUrl.startsWith("https://"));
        this.papers = papers;
        this.feeds = feeds;
        this.search = search;
        this.cache = cache;
    }

    private papers.fulltext.FullText fullText;
    private papers.thumbnail.Thumbnails thumbnails;

    /** Serves the thumbnails of papers' first pages at /thumbnails/{id}.jpg and shows them on cards. */
    public WebServer withThumbnails(papers.thumbnail.Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
        templates.thumbnails(thumbnails::has);
        return this;
    }

    /** Serves papers' whole text as Markdown from arXiv's HTML versions (else their abstracts). */
    public WebServer withFullText(papers.fulltext.FullText fullText) {
        this.fullText = fullText;
        return this;
    }

    /**
     * Adds {@code /admin/sources} (the sources' state, for admins) and "updated N minutes ago" on list pages, from
     * the last successful source run.
     */
    public WebServer withSources(java.util.function.Supplier<java.util.List<papers.sources.SourceRunner.Status>> status,
                                 java.util.function.Supplier<java.util.Optional<java.time.Instant>> lastRefresh,
                                 java.time.Clock clock) {
        this.sources = status;
        this.sourcesClock = clock;
        this.freshness = new Freshness(lastRefresh, clock);
        return this;
    }

    /** Adds the digest pages: subscribe box, confirmation, preferences, unsubscribe, preview. */
    public WebServer withDigests(papers.digest.SubscriberStore subscribers, papers.digest.SubscribeFlow flow,
                                 papers.digest.DigestMail mail,
                                 java.util.function.Supplier<papers.digest.DigestComposer> composer,
                                 boolean weekends, java.time.Clock clock) {
        templates.subscribeBox(flow.sendsMail());
        this.digests = new DigestRoutes.Services(subscribers, flow, mail, mail.links(), composer, follows, weekends,
                clock);
        return this;
    }

    private papers.digest.AddressVerification verification;

    private SecurityTxt securityTxt;

    /** Publishes {@code contact} (null: none) as where to report vulnerabilities, in /.well-known/security.txt. */
    public WebServer withSecurityContact(String contact, java.time.Clock clock) {
        this.securityTxt = new SecurityTxt(contact, baseUrl, clock);
        return this;
    }

    /** Adds address verification: with SMTP configured, addresses are used for digests and claims once proven. */
    public WebServer withVerification(papers.digest.AddressVerification verification) {
        this.verification = verification;
        return this;
    }

    /** The response cache (tests look at what it keeps). */
    ResponseCache cache() {
        return cache;
    }

    /** Adds "For you", saves, dismissals, mutes and library import. */
    public WebServer withForYou(papers.recommend.Recommender recommender, papers.recommend.LibraryImport library) {
        this.forYou = new ForYouRoutes(recommender, library, papers, feeds, follows, auth, templates);
        return this;
    }

    private papers.paper.ReaderGate readers;

    /** Tells {@code gate} of every reader's request, so background work rests while readers are served. */
    public WebServer withReaderGate(papers.paper.ReaderGate gate) {
        this.readers = gate;
        return this;
    }

    /** Adds /healthz, /readyz and /metrics, and counts every request into the metrics. */
    public WebServer withHealth(HealthRoutes health) {
        this.health = health;
        return this;
    }

    public Javalin create() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            Resilience.configure(config);
            config.routes.before(Resilience::assignRequestId);
            if (readers != null) {
                papers.paper.ReaderGate gate = readers;
                config.routes.before(ctx -> { // probes and scrapes are not readers
                    if (!HealthRoutes.isProbe(ctx.path())) {
                        gate.requestArrived();
                    }
                });
            }
            config.routes.after(Resilience::forgetRequestId);
            if (health != null) {
                health.register(config);
            }
            // Jetty's 8 KiB header limit would answer a long search URL with a bare 414; let the search routes
            // refuse it with a message instead.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", Assets.CACHE_CONTROL); // fingerprinted addresses (Assets)
            });
            config.routes.before(SecurityHeaders::apply); // first: a refusal by a later before-handler keeps them
            config.routes.before(InputGuard::check);
            config.routes.before(auth::before);
            config.routes.beforeMatched(auth::checkForm);
            WebServer.get(config.routes, "/favicon.ico", ctx -> ctx.redirect(Assets.href("favicon.svg"),
                    HttpStatus.MOVED_PERMANENTLY)); // browsers ask for it even with <link rel=icon>
            if (securityTxt != null) {
                securityTxt.register(config.routes);
            }
            SignInWall wall = new SignInWall();
            if (thumbnails != null) {
                WebServer.get(config.routes, "/thumbnails/{file}", this::thumbnail);
            }
            new AccountRoutes(accounts, auth, templates, limits, verification, wall).register(config.routes);
            new AdminRoutes(accounts, comments, templates).register(config.routes);
            new VoteRoutes(votes, auth, limits, wall).register(config.routes);
            new ProfileRoutes(accounts, votes, claims, submissionStore, papers, templates).register(config.routes);
            new CommentRoutes(comments, auth, templates, limits, wall).register(config.routes); // before ApiRoutes: /api/papers/<id> matches more
            new FollowRoutes(follows, auth, templates, limits, wall)
                    .withMutes(forYou == null ? null : forYou::mutesOf).register(config.routes);
            new ClaimRoutes(claims, papers, templates, limits,
                    verification != null && verification.required(), wall).register(config.routes);
            new SubmitRoutes(submissions, auth, templates, limits).register(config.routes); // before ApiRoutes, as above
            new PaperModerationRoutes(moderation).register(config.routes);
            new LinkRoutes(papers, submissionStore, claims, limits, wall).register(config.routes);
            if (digests != null) {
                new DigestRoutes(digests, auth, templates, limits).register(config.routes);
            }
            if (forYou != null) {
                forYou.register(config.routes); // before ApiRoutes, as above
            }
            // Specific routes first: /papers/<id> matches any path under /papers.
            new ApiRoutes(papers, feeds, search, cache).register(config.routes);
            new FeedRoutes(papers, feeds, cache, baseUrl).register(config.routes);
            new SearchRoutes(papers, search, templates).withMutes(forYou == null ? null : forYou::excludedOf)
                    .register(config.routes);
            if (sources != null) {
                new SourceRoutes(sources, templates, sourcesClock).register(config.routes);
            }
            new PageRoutes(papers, feeds, search, cache, templates, comments, claims, fullText).withFreshness(freshness)
                    .withMutes(forYou == null ? null : forYou::mutesOf).register(config.routes);
            config.routes.error(404, ctx -> {
                if (ctx.attribute(HANDLED) == null) { // no route answered: Javalin's plain-text 404 otherwise
                    error(ctx, 404, "Not found", "There is nothing at " + ctx.path() + ".");
                }
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                String retryAfter = e.getDetails().get(RETRY_AFTER);
                if (retryAfter != null) {
                    ctx.header(RETRY_AFTER, retryAfter);
                }
                // Pages answer a missing login with 403 (401 asks for HTTP authentication, which pages do not use).
                int status = e.getStatus() == 401 && !isApi(ctx) ? 403 : e.getStatus();
                error(ctx, status, heading(status), e.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Resilience.clientGone(e)) { // the reader closed the connection: nothing to answer, no error
                    LOG.debug("{} {}: the client went away", ctx.method(), ctx.path());
                    return;
                }
                if (e instanceof papers.search.SearchIndex.RebuildingException) { // damaged files: a repair runs
                    ctx.header("Retry-After", "5");
                    error(ctx, 503, "Temporarily unavailable", Resilience.INDEX_REBUILDING);
                    return;
                }
                if (Resilience.databaseDown(e)) {
                    ctx.header("Retry-After", "5");
                    error(ctx, 503, "Temporarily unavailable", Resilience.DATABASE_DOWN);
                    LOG.warn("{} {}: the database is not answering ({})", ctx.method(), ctx.path(),
                            Resilience.rootMessage(e));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "Something went wrong", "Something went wrong on our side; it has been logged.");
            });
        });
    }

    /** A stored thumbnail; its address never changes its picture, so browsers and proxies keep it a year. */
    private void thumbnail(Context ctx) throws java.io.IOException {
        String file = ctx.pathParam("file");
        String id = file.endsWith(".jpg") ? file.substring(0, file.length() - 4).replace('_', '/') : "";
        java.util.Optional<java.nio.file.Path> path = ArxivId.parse(id)
                .filter(a -> a.id().equals(id)).flatMap(a -> thumbnails.file(a.id()));
        if (path.isEmpty()) {
            throw new io.javalin.http.NotFoundResponse("No thumbnail " + file + " here.");
        }
        ctx.header("Cache-Control", Assets.CACHE_CONTROL);
        send(ctx, new ResponseCache.Response(200, "image/jpeg", java.nio.file.Files.readAllBytes(path.get())));
    }

    /** A 429 for a rate limit, with the seconds to wait in Retry-After. */
    static HttpResponseException tooManyRequests(String message, long retryAfterSeconds) {
        return new HttpResponseException(429, message, Map.of(RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }

    private static String heading(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401, 403 -> "Forbidden";
            case 404 -> "Not found";
            case 429 -> "Too many requests";
            default -> HttpStatus.forStatus(status).getMessage();
        };
    }

    /** Answers an error as JSON {"error": ...} under /api, or as a page. */
    private void error(Context ctx, int status, String heading, String message) {
        send(ctx, isApi(ctx)
                ? ResponseCache.Response.of(status, "application/json", errorJson(message))
                : templates.message(status, heading, message));
    }

    /** Writes a response our code made (marked, so the 404 handler leaves it alone). */
    static void send(Context ctx, ResponseCache.Response response) {
        ctx.attribute(HANDLED, true);
        byte[] body = response.body();
        if (response.contentType().startsWith("text/html")) { // pages differ by session cookie: say so to caches
            String vary = ctx.res().getHeader("Vary");
            ctx.header("Vary", vary == null || vary.isEmpty() ? "Cookie" : vary + ", Cookie");
        }
        var viewer = Auth.viewer(ctx);
        if (viewer.isPresent()) { // a page with someone's name in it: never for a shared cache
            ctx.header("Cache-Control", "private, no-store");
            if (response.contentType().startsWith("text/html")) {
                body = ViewerSlots.fill(body, viewer.get(), Auth.voted(ctx), readerMarks(ctx));
                body = FollowButton.personalize(body, ctx);
            }
        }
        // Pages made per request (search, signed-in views) are compressed here; cached ones come compressed.
        if (response.contentType().startsWith("text/") && ctx.res().getHeader("Content-Encoding") == null
                && ResponseCache.acceptsGzip(ctx.header("Accept-Encoding"))) {
            byte[] gz = ResponseCache.gzip(body);
            if (gz != null) {
                body = gz;
                ctx.header("Content-Encoding", "gzip");
                String vary = ctx.res().getHeader("Vary");
                if (vary == null || !vary.contains("Accept-Encoding")) {
                    ctx.header("Vary", vary == null || vary.isEmpty() ? "Accept-Encoding" : vary + ", Accept-Encoding");
                }
            }
        }
        ctx.status(response.status()).contentType(response.contentType());
        // Straight to Jetty with its length: Javalin's result() would wrap the bytes in a stream and copy them
        // through its own buffer (bench/load: / went from 23k to 40k requests/s without that copy).
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the client went away
        }
    }

    /** The viewer's saves and dismissals among a page's papers, when "For you" set the lookup for this request. */
    private static java.util.function.Function<java.util.Collection<String>, ViewerSlots.ReaderMarks> readerMarks(
            Context ctx) {
        java.util.function.Function<java.util.Collection<String>, ViewerSlots.ReaderMarks> marks =
                ctx.attribute(ViewerSlots.READER_MARKS);
        return marks != null ? marks : ids -> ViewerSlots.ReaderMarks.NONE;
    }

    /**
     * Declares a GET route and the same handler for HEAD (Jetty drops the body): Javalin's own HEAD answers 200
     * text/plain for any path a GET route matches, without running the handler, so a HEAD would not see a 404.
     */
    static void get(io.javalin.config.RoutesConfig routes, String path, io.javalin.http.Handler handler) {
        routes.addHttpHandler(io.javalin.http.HandlerType.GET, path, handler);
        routes.addHttpHandler(io.javalin.http.HandlerType.HEAD, path, handler);
    }

    static boolean isApi(Context ctx) {
        return ctx.path().equals("/api") || ctx.path().startsWith("/api/");
    }

    static String errorJson(String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
