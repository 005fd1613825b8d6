package papers.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.ClaimStore;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.SubmissionStore;
import papers.community.User;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * Editable links: the member who submitted a paper here and its verified authors (approved claims) set its code
 * repository and project page from the paper page (POST /papers/links). A link can be replaced, not removed: the
 * store merges records field by field and never erases what a source supplied.
 */
final class LinkRoutes {

    static final int MAX_URL = 500;

    private final PaperStore papers;
    private final SubmissionStore submissions;
    private final ClaimStore claims;
    private final RateLimiter perUser;

    LinkRoutes(PaperStore papers, SubmissionStore submissions, ClaimStore claims, papers.community.RateLimits limits,
               SignInWall wall) {
        this.perUser = limits.limiter("links-user", 20, Duration.ofMinutes(10));
        this.papers = papers;
        this.submissions = submissions;
        this.claims = claims;
        wall.on("/papers/links", "Log in to edit the paper's links.", List.of("paper", "code", "project"),
                (ctx, user, fields, next) -> edit(ctx, user, fields));
        this.wall = wall;
    }

    private final SignInWall wall;

    void register(RoutesConfig routes) {
        routes.post("/papers/links", ctx -> {
            Optional<SignedIn> viewer = Auth.viewer(ctx);
            if (viewer.isEmpty()) {
                wall.stop(ctx, "/");
                return;
            }
            edit(ctx, viewer.get().user(), Map.of("paper", String.valueOf(ctx.formParam("paper")),
                    "code", String.valueOf(ctx.formParam("code")), "project", String.valueOf(ctx.formParam("project"))));
        }, Auth.CsrfRole.VISITORS_EXEMPT); // a visitor is sent to log in with the links kept
    }

    private void edit(Context ctx, User user, Map<String, String> fields) {
        String id = ArxivId.parse(String.valueOf(fields.get("paper"))).map(ArxivId::id)
                .orElseThrow(() -> new io.javalin.http.BadRequestResponse("'paper' must be an arXiv id"));
        Paper paper = papers.find(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("No paper " + id + " here."));
        if (!mayEdit(user, paper)) {
            throw new io.javalin.http.ForbiddenResponse("Only the member who submitted this paper here and its verified "
                    + "authors can edit its links. Claim your author entry on the paper page first.");
        }
        String code = url(fields.get("code"), "code");
        String project = url(fields.get("project"), "project");
        if (code == null && project == null) {
            throw new io.javalin.http.BadRequestResponse("Give a code repository or a project page address.");
        }
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many edits; wait a little.", retry);
        }
        if (!papers.setLinks(id, code, project)) {
            throw new io.javalin.http.NotFoundResponse("No paper " + id + " here.");
        }
        ctx.redirect("/papers/" + id, HttpStatus.SEE_OTHER);
    }

    private boolean mayEdit(User user, Paper paper) {
        if (claims.approvedFor(paper.id()).stream().anyMatch(c -> c.userId() == user.id())) {
            return true;
        }
        return submissions.recentlySubmitted(user.id(), 10_000).contains(paper.id());
    }

    /** An http(s) address, or null when the field is empty; a 400 with the field's name otherwise. */
    static String url(String raw, String field) {
        String v = raw == null || raw.equals("null") ? "" : raw.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > MAX_URL || !v.matches("(?i)https?://[^\\s/?#<>\"']+\\.[^\\s/?#<>\"']+([/?#][^\\s<>\"]*)?")) {
            throw new io.javalin.http.BadRequestResponse(field + ": must be an http(s) address like https://github.com/you/project (at most "
                    + MAX_URL + " characters)");
        }
        return v;
    }
}
