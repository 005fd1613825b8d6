package papers.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.User;
import papers.community.VoteStore;
import papers.paper.ArxivId;

/**
 * Upvotes: a plain form POST to /upvote (toggles, then back to the page it came from; works without JavaScript)
 * and the JSON API's POST/DELETE /api/papers/{id}/upvote.
 */
final class VoteRoutes {

    private final VoteStore votes;
    private final Auth auth;
    private final RateLimiter perUser = new RateLimiter(120, Duration.ofMinutes(1));

    private final papers.community.AccountStore accounts;
    private final papers.paper.PaperStore papers;
    private final Templates templates;

    private final papers.community.ClaimStore claims;
    private final papers.community.SubmissionStore submissions;

    VoteRoutes(VoteStore votes, Auth auth, papers.community.AccountStore accounts, papers.paper.PaperStore papers,
               Templates templates, papers.community.ClaimStore claims,
               papers.community.SubmissionStore submissions) {
        this.submissions = submissions;
        this.claims = claims;
        this.votes = votes;
        this.auth = auth;
        this.accounts = accounts;
        this.papers = papers;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.post("/upvote", this::form);
        WebServer.get(routes, "/users/{username}", this::profile);
        routes.addHttpHandler(HandlerType.POST, "/api/papers/<id>/upvote", ctx -> api(ctx, true));
        routes.addHttpHandler(HandlerType.DELETE, "/api/papers/<id>/upvote", ctx -> api(ctx, false));
    }

    /** A user's public page: authored, submitted and upvoted papers, newest first. Banned users have none. */
    private void profile(Context ctx) {
        String name = ctx.pathParam("username");
        User user = accounts.findUser(name).filter(u -> !u.banned())
                .orElseThrow(() -> new NotFound("No user called '" + name + "' here."));
        java.util.List<String> ids = votes.recentlyUpvoted(user.id(), 50);
        java.util.List<String> authored = claims.papersOf(user.id(), 100); // approved authorship claims
        java.util.List<String> submitted = submissions.recentlySubmitted(user.id(), 50);
        java.util.Map<String, papers.paper.Paper> byId = papers.findAll(java.util.stream.Stream.of(
                ids, authored, submitted).flatMap(java.util.List::stream).toList());
        WebServer.send(ctx, templates.page(200, "user.jte", java.util.Map.of("user", user,
                "upvoted", ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(),
                "authored", authored.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(),
                "submitted", submitted.stream().map(byId::get).filter(java.util.Objects::nonNull).toList())));
    }

    private void form(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) { // nothing changes for a visitor: send them to log in first
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        String id = ArxivId.parse(String.valueOf(ctx.formParam("paper"))).map(ArxivId::id)
                .orElseThrow(() -> new BadRequest("'paper' must be an arXiv id"));
        limit(viewer.get().user());
        if (votes.toggle(viewer.get().user().id(), id).isEmpty()) {
            throw new NotFound("No paper " + id + " here.");
        }
        ctx.redirect(back(ctx.header("Referer"), id), HttpStatus.SEE_OTHER);
    }

    /** The page the vote came from, as a local path only (never another site), else the paper's page. */
    static String back(String referer, String paperId) {
        return backTo(referer, "/papers/" + paperId);
    }

    /** The page a form came from, as a local path only (never another site), else {@code fallback}. */
    static String backTo(String referer, String fallback) {
        if (referer == null) {
            return fallback;
        }
        try {
            URI uri = new URI(referer);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return fallback;
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (java.net.URISyntaxException e) {
            return fallback;
        }
    }

    private void api(Context ctx, boolean on) {
        User user = auth.apiUser(ctx);
        String raw = ctx.pathParam("id");
        String id = ArxivId.parse(raw).map(ArxivId::id)
                .orElseThrow(() -> new NotFound("'" + raw + "' is not an arXiv id"));
        limit(user);
        VoteStore.Result result = votes.vote(user.id(), id, on)
                .orElseThrow(() -> new NotFound("No paper " + id + " here."));
        WebServer.send(ctx, ResponseCache.Response.of(200, "application/json",
                "{\"upvotes\":" + result.upvotes() + ",\"upvoted\":" + result.upvoted() + "}"));
    }

    private void limit(User user) {
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw new TooManyRequests("Too many votes; wait a little.", retry);
        }
    }
}
