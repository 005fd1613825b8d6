package papers.web;

import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import papers.community.AccountException;
import papers.community.Comment;
import papers.community.CommentStore;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.User;
import papers.paper.ArxivId;

/**
 * Comments: a form POST to /comments from the paper page (a visitor is sent to log in), and the JSON API's
 * GET/POST /api/papers/{id}/comments. Comments are the same for every viewer, so they are part of the cached paper
 * page; adding one appends to the change log, which renews it.
 */
final class CommentRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommentStore comments;
    private final Auth auth;
    private final Templates templates;
    private final RateLimiter perUser;

    private final SignInWall wall;

    CommentRoutes(CommentStore comments, Auth auth, Templates templates, papers.community.RateLimits limits,
                  SignInWall wall) {
        this.perUser = limits.limiter("comment-user", 10, Duration.ofMinutes(1));
        this.wall = wall;
        wall.on("/comments", "Log in to comment.", List.of("paper", "parent", "text"),
                (ctx, user, fields, next) -> post(ctx, user, fields.get("paper"), fields.get("parent"),
                        fields.get("text")));
        this.comments = comments;
        this.auth = auth;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.post("/comments", this::form, Auth.CsrfRole.VISITORS_EXEMPT);
        routes.post("/comments/preview", this::preview, Auth.CsrfRole.VISITORS_EXEMPT); // changes nothing
        routes.addHttpHandler(HandlerType.GET, "/api/papers/<id>/comments", this::list);
        routes.addHttpHandler(HandlerType.HEAD, "/api/papers/<id>/comments", this::list);
        routes.addHttpHandler(HandlerType.POST, "/api/papers/<id>/comments", this::apiAdd);
        routes.post("/comments/delete", this::formDelete);
        routes.addHttpHandler(HandlerType.DELETE, "/api/comments/{id}", this::apiDelete);
        routes.addHttpHandler(HandlerType.PATCH, "/api/comments/{id}", this::apiEdit);
    }

    private void formDelete(Context ctx) {
        SignedIn viewer = Auth.viewer(ctx).orElseThrow(() -> new UnauthorizedResponse("Log in first."));
        long id = parent(ctx.formParam("id")) == null ? -1 : parent(ctx.formParam("id"));
        Comment c = comments.find(id).orElseThrow(() -> new NotFoundResponse("No such comment."));
        if (!comments.delete(viewer.user().id(), id)) {
            throw new NotFoundResponse("You have no live comment with that id.");
        }
        ctx.redirect("/papers/" + c.paperId() + "#comments", HttpStatus.SEE_OTHER);
    }

    private void apiDelete(Context ctx) {
        User user = auth.apiUser(ctx);
        long id = commentId(ctx);
        if (!comments.delete(user.id(), id)) {
            throw new NotFoundResponse("You have no live comment with id " + id + ".");
        }
        WebServer.send(ctx, ResponseCache.Response.of(200, "application/json",
                json(comments.find(id).orElseThrow()).toString()));
    }

    private void apiEdit(Context ctx) {
        User user = auth.apiUser(ctx);
        long id = commentId(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("the body must be JSON like {\"text\": \"...\"}");
        }
        if (body == null || !body.path("text").isTextual()) {
            throw new BadRequestResponse("text: a string is required");
        }
        boolean done;
        try {
            done = comments.edit(user.id(), id, body.path("text").asText());
        } catch (AccountException e) {
            throw new BadRequestResponse("text: " + e.getMessage());
        }
        if (!done) {
            throw new NotFoundResponse("You have no live comment with id " + id + ".");
        }
        WebServer.send(ctx, ResponseCache.Response.of(200, "application/json",
                json(comments.find(id).orElseThrow()).toString()));
    }

    private static long commentId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("'" + ctx.pathParam("id") + "' is not a comment id");
        }
    }

    private void form(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) { // the login page keeps what they typed and posts it once they are in
            wall.stop(ctx, "/papers/" + paperId(String.valueOf(ctx.formParam("paper")), true) + "#comments");
            return;
        }
        post(ctx, viewer.get().user(), ctx.formParam("paper"), ctx.formParam("parent"), ctx.formParam("text"));
    }

    /**
     * The Preview button beside Comment: the text rendered by the same Markdown sanitiser a posted comment goes
     * through, nothing stored. The page holds the rendered region (which site.js puts under the box in place) and
     * the form again, to post or preview once more without JavaScript.
     */
    private void preview(Context ctx) {
        String id = paperId(String.valueOf(ctx.formParam("paper")), true);
        Long parent = parent(ctx.formParam("parent"));
        String text = ctx.formParam("text") == null ? "" : ctx.formParam("text");
        if (text.isBlank()) {
            throw new BadRequestResponse("text: write something to preview");
        }
        if (text.length() > papers.community.CommentStore.MAX_LENGTH) {
            throw new BadRequestResponse("text: a comment may have at most " + papers.community.CommentStore.MAX_LENGTH
                    + " characters");
        }
        if (!comments.paperListed(id)) {
            throw new NotFoundResponse("No paper " + id + " here.");
        }
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("paper", id);
        params.put("parent", parent == null ? null : parent.toString());
        params.put("text", text);
        params.put("html", papers.community.Markdown.toHtml(text));
        ctx.header("Cache-Control", "private, no-store");
        WebServer.send(ctx, templates.page(200, "comment_preview.jte", params));
    }

    private void post(Context ctx, User user, String paper, String parentField, String text) {
        String id = paperId(String.valueOf(paper), true);
        Long parent = parent(parentField);
        limit(user);
        Optional<Comment> added;
        try {
            added = comments.add(user.id(), id, text, parent);
        } catch (AccountException e) {
            WebServer.send(ctx, templates.message(400, "Comment not posted", e.getMessage()));
            return;
        }
        Comment c = added.orElseThrow(() -> new NotFoundResponse("No paper " + id + " here."));
        ctx.redirect("/papers/" + id + "#c" + c.id(), HttpStatus.SEE_OTHER);
    }

    private void list(Context ctx) {
        String id = paperId(ctx.pathParam("id"), false);
        if (!comments.paperListed(id)) {
            throw new NotFoundResponse("No paper " + id + " here.");
        }
        ArrayNode out = JSON.createArrayNode();
        comments.forPaper(id).forEach(c -> out.add(json(c)));
        WebServer.send(ctx, ResponseCache.Response.of(200, "application/json", out.toString()));
    }

    private void apiAdd(Context ctx) {
        User user = auth.apiUser(ctx);
        String id = paperId(ctx.pathParam("id"), false);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("the body must be JSON like {\"text\": \"...\", \"parentId\": 12}");
        }
        if (body == null || !body.isObject() || !body.path("text").isTextual()) {
            throw new BadRequestResponse("text: a string is required");
        }
        JsonNode parentNode = body.path("parentId");
        if (!parentNode.isMissingNode() && !parentNode.isNull() && !parentNode.canConvertToLong()) {
            throw new BadRequestResponse("parentId must be a comment id");
        }
        Long parent = parentNode.isMissingNode() || parentNode.isNull() ? null : parentNode.asLong();
        limit(user);
        Comment c;
        try {
            c = comments.add(user.id(), id, body.path("text").asText(), parent)
                    .orElseThrow(() -> new NotFoundResponse("No paper " + id + " here."));
        } catch (AccountException e) {
            throw new BadRequestResponse("text: " + e.getMessage());
        }
        WebServer.send(ctx, ResponseCache.Response.of(201, "application/json", json(c).toString()));
    }

    static ObjectNode json(Comment c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id());
        if (c.parentId() != null) {
            o.put("parentId", c.parentId());
        } else {
            o.putNull("parentId");
        }
        o.put("user", c.username());
        o.put("text", c.body());
        o.put("html", c.html());
        o.put("createdAt", c.createdAt().toString());
        o.put("editedAt", c.editedAt() == null ? null : c.editedAt().toString());
        o.put("deleted", c.deleted());
        ArrayNode replies = o.putArray("replies");
        List<Comment> r = c.replies();
        r.forEach(x -> replies.add(json(x)));
        return o;
    }

    private static String paperId(String raw, boolean form) {
        Optional<ArxivId> id = ArxivId.parse(raw);
        if (id.isEmpty()) {
            if (form) {
                throw new BadRequestResponse("'paper' must be an arXiv id");
            }
            throw new NotFoundResponse("'" + raw + "' is not an arXiv id");
        }
        return id.get().id();
    }

    private static Long parent(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("'parent' must be a comment id");
        }
    }

    private void limit(User user) {
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many comments; wait a little.", retry);
        }
    }
}
