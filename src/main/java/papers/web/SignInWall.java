package papers.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.User;

/**
 * What a visitor meets when they upvote, comment, follow or claim: a login page that says why ("Log in to upvote"),
 * keeps what they sent (the paper, the comment they typed) in hidden {@code then_*} fields, and, once they log in or
 * sign up, finishes that action and takes them back to the page they were on. Each route registers its action here
 * with the form fields it needs; pages behind a login ({@code /my}, {@code /submit}) only come back ({@code next}).
 * Where to go back is always a local path, never another site.
 */
public final class SignInWall {

    /** Finishes an action for the user who just logged in: does it, then redirects (or sends a page). */
    interface Finish {
        void run(Context ctx, User user, Map<String, String> fields, String next);
    }

    private record Action(String reason, List<String> fields, Finish finish) {
    }

    static final String THEN = "then";
    static final String NEXT = "next";
    private static final String PREFIX = "then_";

    private final Map<String, Action> actions = new HashMap<>();
    private java.util.function.Consumer<Context> loginPage = ctx -> ctx.redirect("/login", HttpStatus.SEE_OTHER);

    /** How the login page is drawn (set by {@link AccountRoutes}, which owns it). */
    void loginPage(java.util.function.Consumer<Context> page) {
        this.loginPage = page;
    }

    /** Registers the action a visitor's POST to {@code path} is; {@code fields} are the form fields it keeps. */
    void on(String path, String reason, List<String> fields, Finish finish) {
        actions.put(path, new Action(reason, List.copyOf(fields), finish));
    }

    /** Answers a visitor's form POST to a registered path with the login page, keeping the action and the place. */
    void stop(Context ctx, String fallback) {
        Action action = actions.get(ctx.path());
        if (action == null) {
            throw new IllegalStateException("no sign-in action for " + ctx.path());
        }
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put(THEN, ctx.path());
        pending.put(NEXT, VoteRoutes.backTo(ctx.header("Referer"), fallback));
        for (String field : action.fields()) {
            String value = ctx.formParam(field);
            if (value != null) {
                pending.put(PREFIX + field, value);
            }
        }
        ctx.attribute("papers.wall.reason", action.reason());
        ctx.attribute("papers.wall.pending", pending);
        loginPage.accept(ctx);
    }

    /** The reason and hidden fields {@link #stop} left for the login form, or those a GET /login?next=... asks for. */
    Map<String, String> pending(Context ctx) {
        Map<String, String> stopped = ctx.attribute("papers.wall.pending");
        if (stopped != null) {
            return stopped;
        }
        Map<String, String> pending = new LinkedHashMap<>();
        String then = param(ctx, THEN);
        Action action = then == null ? null : actions.get(then);
        if (action != null) {
            pending.put(THEN, then);
        }
        localPath(param(ctx, NEXT)).ifPresent(next -> pending.put(NEXT, next));
        if (action != null) {
            for (String field : action.fields()) {
                String value = param(ctx, PREFIX + field);
                if (value != null) {
                    pending.put(PREFIX + field, value);
                }
            }
        }
        return pending;
    }

    /** Why the login page is shown ("Log in to upvote."), or null when the visitor came to it on purpose. */
    String reason(Context ctx) {
        String reason = ctx.attribute("papers.wall.reason");
        if (reason != null) {
            return reason;
        }
        Action action = actions.get(String.valueOf(param(ctx, THEN)));
        return action == null ? null : action.reason();
    }

    /**
     * After a login or sign-up: finishes the pending action the form carried and goes back to the page, or goes to
     * {@code next}, or returns false when there is neither (the caller decides where to go).
     */
    boolean resume(Context ctx, User user) {
        Map<String, String> pending = pending(ctx);
        String next = pending.getOrDefault(NEXT, "/");
        Action action = actions.get(pending.get(THEN));
        if (action == null) {
            if (!pending.containsKey(NEXT)) {
                return false;
            }
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return true;
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : action.fields()) {
            String value = pending.get(PREFIX + field);
            if (value != null) {
                fields.put(field, value);
            }
        }
        action.finish().run(ctx, user, fields, next);
        return true;
    }

    /** A query string carrying the pending action to the other form (log in ↔ sign up), with a leading "?". */
    public static String query(Map<String, String> pending) {
        if (pending.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        pending.forEach((k, v) -> out.append(out.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** The login page's address that comes back to {@code path} afterwards. */
    static String loginFor(String path) {
        return "/login?" + NEXT + "=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    /** {@code path} when it is a path on this site (not "//host", not a scheme, no backslash), else empty. */
    static Optional<String> localPath(String path) {
        if (path == null || path.isEmpty() || path.length() > 2000 || !path.startsWith("/") || path.startsWith("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20)) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static String param(Context ctx, String name) {
        String form = ctx.method().name().equals("POST") ? ctx.formParam(name) : null;
        return form != null ? form : ctx.queryParam(name);
    }
}
