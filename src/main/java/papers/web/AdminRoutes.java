package papers.web;

import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import papers.community.AccountStore;
import papers.community.SignedIn;
import papers.community.User;

/** The admin pages: users (ban, unban) and the log of admin actions. Every action is logged in audit_log. */
final class AdminRoutes {

    private final AccountStore accounts;
    private final papers.community.CommentStore comments;
    private final Templates templates;

    AdminRoutes(AccountStore accounts, papers.community.CommentStore comments, Templates templates) {
        this.accounts = accounts;
        this.comments = comments;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/admin/users", ctx -> {
            SignedIn admin = admin(ctx);
            WebServer.send(ctx, templates.page(200, "admin_users.jte", Map.of("users", accounts.users(200),
                    "log", accounts.auditLog(50), "csrf", admin.csrfToken(), "me", admin.user().id())));
        });
        routes.post("/admin/users/ban", ctx -> setBanned(ctx, true));
        routes.post("/admin/users/unban", ctx -> setBanned(ctx, false));
        routes.post("/admin/comments/hide", ctx -> {
            SignedIn admin = admin(ctx);
            long id;
            try {
                id = Long.parseLong(String.valueOf(ctx.formParam("id")).strip());
            } catch (NumberFormatException e) {
                throw new BadRequestResponse("id must be a comment id");
            }
            papers.community.Comment c = comments.find(id).orElseThrow(() -> new NotFoundResponse("No such comment."));
            if (!comments.hide(admin.user().id(), id)) {
                throw new NotFoundResponse("That comment is already gone.");
            }
            ctx.redirect("/papers/" + c.paperId() + "#comments", HttpStatus.SEE_OTHER);
        });
    }

    private void setBanned(Context ctx, boolean banned) {
        SignedIn admin = admin(ctx);
        String name = String.valueOf(ctx.formParam("username"));
        User user = accounts.findUser(name).orElseThrow(() -> new NotFoundResponse("No user called '" + name + "'."));
        if (user.id() == admin.user().id()) {
            throw new BadRequestResponse("You cannot ban yourself.");
        }
        if (banned) {
            accounts.ban(user.id(), admin.user().id());
        } else {
            accounts.unban(user.id(), admin.user().id());
        }
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    /** The signed-in admin, or 403 (a visitor or a plain user learns nothing more). */
    static SignedIn admin(Context ctx) {
        SignedIn viewer = Auth.viewer(ctx).orElse(null);
        if (viewer == null || !viewer.user().admin()) {
            throw new ForbiddenResponse("Only admins may see this page.");
        }
        return viewer;
    }
}
