package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import papers.community.PaperModeration;
import papers.community.SignedIn;
import papers.paper.ArxivId;

/** Admins hide and unhide papers with the button on the paper page (CSRF form; audit-logged by the store). */
final class PaperModerationRoutes {

    private final PaperModeration moderation;

    PaperModerationRoutes(PaperModeration moderation) {
        this.moderation = moderation;
    }

    void register(RoutesConfig routes) {
        routes.post("/admin/papers/hide", ctx -> change(ctx, true));
        routes.post("/admin/papers/unhide", ctx -> change(ctx, false));
    }

    private void change(Context ctx, boolean hide) {
        SignedIn admin = AdminRoutes.admin(ctx);
        String id = ArxivId.parse(String.valueOf(ctx.formParam("paper"))).map(ArxivId::id)
                .orElseThrow(() -> new BadRequestResponse("'paper' must be an arXiv id"));
        boolean done = hide ? moderation.hide(admin.user().id(), id) : moderation.unhide(admin.user().id(), id);
        if (!done) {
            throw new NotFoundResponse("No " + (hide ? "visible" : "hidden") + " paper " + id + " here.");
        }
        ctx.redirect("/papers/" + id, HttpStatus.SEE_OTHER);
    }
}
