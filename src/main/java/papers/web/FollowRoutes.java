package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import papers.community.AccountException;
import papers.community.Follow;
import papers.community.FollowStore;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.User;
import papers.feed.PaperPage;

/**
 * Following authors and organizations: the Follow/Unfollow form of their pages (POST /follow, then back to the page;
 * works without JavaScript), the signed-in reader's feed {@code /my}, and the JSON API's
 * POST/DELETE /api/authors/{name}/follow, /api/orgs/{name}/follow and GET /api/me/following.
 */
final class FollowRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FollowStore follows;
    private final Auth auth;
    private final Templates templates;
    private final RateLimiter perUser;

    private final SignInWall wall;

    FollowRoutes(FollowStore follows, Auth auth, Templates templates, papers.community.RateLimits limits,
                 SignInWall wall) {
        this.perUser = limits.limiter("follow-user", 60, Duration.ofMinutes(1));
        this.wall = wall;
        wall.on("/follow", "Log in to follow.", java.util.List.of("kind", "target", "on"),
                (ctx, user, fields, next) -> follow(ctx, user, fields, next));
        this.follows = follows;
        this.auth = auth;
        this.templates = templates;
    }

    /** The viewer's mutes as "hides this paper", for {@code /my?hide_muted=1}; null: no "For you" here. */
    private java.util.function.LongFunction<java.util.function.Predicate<papers.paper.Paper>> mutes;

    FollowRoutes withMutes(java.util.function.LongFunction<java.util.function.Predicate<papers.paper.Paper>> mutesOf) {
        this.mutes = mutesOf;
        return this;
    }

    void register(RoutesConfig routes) {
        routes.before(ctx -> Auth.viewer(ctx).ifPresent(v -> ctx.attribute(FollowButton.CHECKER,
                (BiPredicate<Follow.Kind, String>) (kind, target) -> follows.follows(v.user().id(), kind, target))));
        routes.post("/follow", this::form, Auth.CsrfRole.VISITORS_EXEMPT);
        WebServer.get(routes, "/my", this::feed);
        routes.addHttpHandler(HandlerType.POST, "/api/authors/<name>/follow", ctx -> api(ctx, Follow.Kind.AUTHOR, true));
        routes.addHttpHandler(HandlerType.DELETE, "/api/authors/<name>/follow", ctx -> api(ctx, Follow.Kind.AUTHOR, false));
        routes.addHttpHandler(HandlerType.POST, "/api/orgs/{name}/follow", ctx -> api(ctx, Follow.Kind.ORGANIZATION, true));
        routes.addHttpHandler(HandlerType.DELETE, "/api/orgs/{name}/follow",
                ctx -> api(ctx, Follow.Kind.ORGANIZATION, false));
        WebServer.get(routes, "/api/me/following", this::apiFollowing);
    }

    /** The form of an author or organization page, or of /my: {@code on=1} follows, {@code on=0} unfollows. */
    private void form(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String name : java.util.List.of("kind", "target", "on")) {
            String value = ctx.formParam(name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        if (viewer.isEmpty()) { // nothing changes for a visitor: the login page says why and finishes it after
            wall.stop(ctx, "/");
            return;
        }
        follow(ctx, viewer.get().user(), fields, null);
    }

    /** Follows or unfollows, then back to the page the form was on ({@code next}, else the Referer). */
    private void follow(Context ctx, User user, java.util.Map<String, String> fields, String next) {
        Follow.Kind kind = Follow.Kind.fromKey(String.valueOf(fields.get("kind")));
        if (kind == null) {
            throw new BadRequestResponse("'kind' must be author or organization");
        }
        String target = fields.get("target");
        if (target == null || target.isEmpty()) {
            throw new BadRequestResponse("'target' must name an author or organization");
        }
        String on = String.valueOf(fields.get("on"));
        if (!on.equals("1") && !on.equals("0")) {
            throw new BadRequestResponse("'on' must be 1 (follow) or 0 (unfollow)");
        }
        change(user, kind, target, on.equals("1"));
        String page = kind == Follow.Kind.AUTHOR ? ListView.authorHref(target) : ListView.orgHref(target);
        ctx.redirect(next != null ? next : VoteRoutes.backTo(ctx.header("Referer"), page), HttpStatus.SEE_OTHER);
    }

    private void change(User user, Follow.Kind kind, String target, boolean on) {
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many follows; wait a little.", retry);
        }
        try {
            if (on) {
                follows.follow(user.id(), kind, target);
            } else {
                follows.unfollow(user.id(), kind, target);
            }
        } catch (FollowStore.UnknownTarget e) {
            throw new NotFoundResponse(e.getMessage());
        } catch (AccountException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    /** The papers of what the viewer follows, newest first, and what they follow with unfollow buttons. */
    private void feed(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect(SignInWall.loginFor("/my"), HttpStatus.SEE_OTHER);
            return;
        }
        long user = viewer.get().user().id();
        int pageNumber = PageRoutes.pageParam(ctx);
        ListFilter filter = ListFilter.of(ctx, mutes);
        int size = PageRoutes.PAGE_SIZE;
        // Filtered: the newest papers of the feed (as many as a filtered list reads), then those the filter keeps.
        PaperPage page = filter.narrows()
                ? PaperPage.slice(follows.feedFor(user, papers.feed.Feeds.FILTERED_CANDIDATES, 0).stream()
                        .filter(filter.keep()).toList(), pageNumber, size)
                : new PaperPage(follows.feedFor(user, size, pageNumber * size), pageNumber, size,
                        follows.countFeed(user));
        var following = follows.following(user);
        ListView view = new ListView("My feed | Daily Papers", "My feed",
                following.isEmpty() ? null : ListView.plural(page.total(), "paper", "papers")
                        + (filter.narrows() ? " matching the filter" : "")
                        + " from the authors and organizations you follow, newest first",
                page, filter.on("/my"), null, null, java.util.List.of(),
                following.isEmpty()
                        ? "You follow no one yet. Open an author's or organization's page (their names link there "
                                + "from every paper) and press Follow: their papers then appear here, newest first."
                        : filter.narrows() ? "None of the papers of the authors and organizations you follow "
                                + "matches the filter."
                        : "None of the authors and organizations you follow has papers here yet.",
                true);
        WebServer.send(ctx, templates.page(200, "my.jte", Map.of("view", view, "following", following)));
    }

    private void api(Context ctx, Follow.Kind kind, boolean on) {
        User user = auth.apiUser(ctx);
        String target = ctx.pathParam("name");
        change(user, kind, target, on);
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", kind.key());
        out.put("target", target);
        out.put("following", on);
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON, out.toString()));
    }

    /** A read: a Bearer token, or the session alone (no CSRF header needed to read). */
    private void apiFollowing(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        User user = ctx.header("Authorization") == null && viewer.isPresent() ? viewer.get().user() : auth.apiUser(ctx);
        ctx.header("Cache-Control", "private, no-store"); // one user's answer, whoever asks with a token
        ArrayNode out = JSON.createArrayNode();
        for (Follow f : follows.following(user.id())) {
            out.addObject().put("kind", f.kind().key()).put("target", f.target()).put("since", f.since().toString());
        }
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON, out.toString()));
    }
}
