package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
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
    private final RateLimiter perUser;

    VoteRoutes(VoteStore votes, Auth auth, papers.community.RateLimits limits, SignInWall wall) {
        this.perUser = limits.limiter("vote-user", 120, Duration.ofMinutes(1));
        this.votes = votes;
        this.auth = auth;
        // A visitor's click is an upvote (never a toggle: they may have upvoted before, on another device).
        wall.on("/upvote", "Log in to upvote.", java.util.List.of("paper"), (ctx, user, fields, next) -> {
            String id = paperId(fields.get("paper"));
            limit(user);
            votes.vote(user.id(), id, true).orElseThrow(() -> new NotFoundResponse("No paper " + id + " here."));
            ctx.redirect(atCard(next, id), HttpStatus.SEE_OTHER);
        });
        this.wall = wall;
    }

    private final SignInWall wall;

    void register(RoutesConfig routes) {
        routes.post("/upvote", this::form, Auth.CsrfRole.VISITORS_EXEMPT);
        routes.addHttpHandler(HandlerType.POST, "/api/papers/<id>/upvote", ctx -> api(ctx, true));
        routes.addHttpHandler(HandlerType.DELETE, "/api/papers/<id>/upvote", ctx -> api(ctx, false));
    }

    private void form(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) { // nothing changes for a visitor: the login page says why and finishes it after
            wall.stop(ctx, "/papers/" + paperId(ctx.formParam("paper")));
            return;
        }
        String id = paperId(ctx.formParam("paper"));
        limit(viewer.get().user());
        if (votes.toggle(viewer.get().user().id(), id).isEmpty()) {
            throw new NotFoundResponse("No paper " + id + " here.");
        }
        ctx.redirect(atCard(back(ctx.header("Referer"), id), id), HttpStatus.SEE_OTHER);
    }

    private static String paperId(String raw) {
        return ArxivId.parse(String.valueOf(raw)).map(ArxivId::id)
                .orElseThrow(() -> new BadRequestResponse("'paper' must be an arXiv id"));
    }

    /** The page, scrolled to the paper's card (or vote box): a form post without JavaScript keeps the place. */
    static String atCard(String page, String paperId) {
        int hash = page.indexOf('#');
        return (hash < 0 ? page : page.substring(0, hash)) + "#p-" + paperId;
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
                .orElseThrow(() -> new NotFoundResponse("'" + raw + "' is not an arXiv id"));
        limit(user);
        VoteStore.Result result = votes.vote(user.id(), id, on)
                .orElseThrow(() -> new NotFoundResponse("No paper " + id + " here."));
        WebServer.send(ctx, ResponseCache.Response.of(200, "application/json",
                "{\"upvotes\":" + result.upvotes() + ",\"upvoted\":" + result.upvoted() + "}"));
    }

    private void limit(User user) {
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many votes; wait a little.", retry);
        }
    }
}
