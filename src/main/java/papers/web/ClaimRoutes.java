package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.AccountException;
import papers.community.Claim;
import papers.community.ClaimStore;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * Authorship claims: the paper page's claim form (POST /claims; a visitor is sent to log in) and the admins' review
 * page /admin/claims with approve and reject (or revoke) buttons. Every decision is in the audit log.
 */
final class ClaimRoutes {

    /** Claims reviewed on one admin page. */
    private static final int REVIEW_PAGE = 200;

    private final ClaimStore claims;
    private final PaperStore papers;
    private final Templates templates;
    private final RateLimiter perUser;

    private final SignInWall wall;
    /** Whether an account's address must be verified before it may claim authorship (SMTP configured). */
    private final boolean verifiedOnly;

    ClaimRoutes(ClaimStore claims, PaperStore papers, Templates templates, papers.community.RateLimits limits,
                boolean verifiedOnly, SignInWall wall) {
        this.verifiedOnly = verifiedOnly;
        this.perUser = limits.limiter("claim-user", 10, Duration.ofMinutes(1));
        this.wall = wall;
        wall.on("/claims", "Log in to claim your author entry.", java.util.List.of("paper", "position"),
                (ctx, user, fields, next) -> claim(ctx, user, fields.get("paper"), fields.get("position")));
        this.claims = claims;
        this.papers = papers;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.post("/claims", this::claim, Auth.CsrfRole.VISITORS_EXEMPT);
        WebServer.get(routes, "/admin/claims", this::review);
        routes.post("/admin/claims/approve", ctx -> decide(ctx, true));
        routes.post("/admin/claims/reject", ctx -> decide(ctx, false));
    }

    private void claim(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            wall.stop(ctx, "/");
            return;
        }
        claim(ctx, viewer.get().user(), ctx.formParam("paper"), ctx.formParam("position"));
    }

    private void claim(Context ctx, papers.community.User user, String paper, String positionField) {
        String id = ArxivId.parse(String.valueOf(paper)).map(ArxivId::id)
                .orElseThrow(() -> new BadRequestResponse("'paper' must be an arXiv id"));
        int position;
        try {
            position = Integer.parseInt(String.valueOf(positionField).strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("'position' must be the number of an author entry");
        }
        if (verifiedOnly && !user.emailVerified()) {
            throw new io.javalin.http.ForbiddenResponse("Confirm your email address first (the link we sent at sign-up; "
                    + "ask for a new one at /account/verify): claims are reviewed by the address they come from.");
        }
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many claims; wait a little.", retry);
        }
        Claim claim;
        try {
            claim = claims.claim(user.id(), id, position)
                    .orElseThrow(() -> new NotFoundResponse("No paper " + id + " here."));
        } catch (AccountException e) {
            WebServer.send(ctx, templates.message(409, "Claim not sent", e.getMessage()));
            return;
        }
        WebServer.send(ctx, templates.message(200, "Claim sent", "You claimed to be " + claim.authorName()
                + ", author " + (position + 1) + " of paper " + id + ". An admin will review it; once approved, your "
                + "name on the paper links to your profile, which lists the paper."));
    }

    private void review(Context ctx) {
        SignedIn admin = AdminRoutes.admin(ctx);
        List<Claim> pending = claims.withStatus(Claim.Status.PENDING, REVIEW_PAGE);
        List<Claim> approved = claims.withStatus(Claim.Status.APPROVED, REVIEW_PAGE);
        List<String> ids = new ArrayList<>();
        pending.forEach(c -> ids.add(c.paperId()));
        approved.forEach(c -> ids.add(c.paperId()));
        Map<String, Paper> byId = papers.findAll(ids);
        WebServer.send(ctx, templates.page(200, "admin_claims.jte", Map.of("pending", pending, "approved", approved,
                "papers", byId, "csrf", admin.csrfToken())));
    }

    private void decide(Context ctx, boolean approve) {
        SignedIn admin = AdminRoutes.admin(ctx);
        long id;
        try {
            id = Long.parseLong(String.valueOf(ctx.formParam("id")).strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("id must be a claim id");
        }
        boolean done = approve ? claims.approve(id, admin.user().id()) : claims.reject(id, admin.user().id());
        if (!done) {
            throw new NotFoundResponse(approve ? "No pending claim " + id + "." : "No pending or approved claim " + id + ".");
        }
        ctx.redirect("/admin/claims", HttpStatus.SEE_OTHER);
    }
}
