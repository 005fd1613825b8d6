package papers.web;

import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Context;
import java.util.Optional;
import papers.community.AccountStore;
import papers.community.NewSession;
import papers.community.Secrets;
import papers.community.SignedIn;
import papers.community.User;

/**
 * Who is asking, and whether a state-changing request may go ahead. Runs before every route:
 * <ul>
 * <li>a session cookie resolves to its user (every request, so a ban or logout takes effect at once);</li>
 * <li>a form POST must carry the session's CSRF token in the {@code csrf} field, or, before logging in, the value
 *     of the {@code papers_csrf} cookie (double submit): 403 otherwise;</li>
 * <li>a JSON write under /api needs {@code Authorization: Bearer TOKEN}, or a session plus the
 *     {@code X-CSRF-Token} header ({@link #apiUser}, called by the write's handler).</li>
 * </ul>
 * Identity and CSRF only: what a signed-in viewer sees of their own in a cached page is {@link ViewerSlots}' work.
 */
final class Auth {

    static final String SESSION_COOKIE = "papers_session";
    static final String PRE_SESSION_COOKIE = "papers_csrf";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String VIEWER = "papers.viewer";

    private static final String VOTED = "papers.voted";

    private final AccountStore accounts;
    private final papers.community.VoteStore votes;
    private final boolean secureCookies;

    Auth(AccountStore accounts, papers.community.VoteStore votes, boolean secureCookies) {
        this.accounts = accounts;
        this.votes = votes;
        this.secureCookies = secureCookies;
    }

    boolean secureCookies() {
        return secureCookies;
    }

    void before(Context ctx) {
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null) {
            accounts.session(cookie).ifPresent(s -> {
                ctx.attribute(VIEWER, s);
                if (votes != null) {
                    ctx.attribute(VOTED, (java.util.function.Function<java.util.Collection<String>,
                            java.util.Set<String>>) ids -> votes.votedAmong(s.user().id(), ids));
                }
            });
        }
    }

    /**
     * The user of a JSON write: a Bearer token's, or the session's when the X-CSRF-Token header matches; 401 when
     * neither is sent, 403 when the CSRF header is wrong.
     */
    User apiUser(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new UnauthorizedResponse("Authorization must be 'Bearer TOKEN'.");
            }
            User user = accounts.userForToken(authorization.substring(7).strip())
                    .orElseThrow(() -> new UnauthorizedResponse("That API token is not valid (unknown, revoked or banned)."));
            return user;
        }
        SignedIn viewer = ctx.attribute(VIEWER);
        if (viewer == null) {
            throw new UnauthorizedResponse("Log in, or send an API token as 'Authorization: Bearer TOKEN'.");
        }
        if (!Secrets.same(viewer.csrfToken(), ctx.header(CSRF_HEADER))) {
            throw new ForbiddenResponse("A session request needs the " + CSRF_HEADER + " header.");
        }
        return viewer.user();
    }

    /**
     * Which POST routes take a form without this session's CSRF token, declared where each route is registered
     * ({@code routes.post(path, handler, CsrfRole.X)}) instead of kept in a list of paths here.
     */
    enum CsrfRole implements io.javalin.security.RouteRole {
        /**
         * A visitor's post changes nothing (a vote, comment, follow, claim, save or dismissal sends them to log in) or only asks for
         * a confirmation email (the subscribe box, on cached pages with no token): checked only when signed in.
         */
        VISITORS_EXEMPT,
        /** A signed token in the request authorizes it; mail clients' one-click POST (RFC 8058) has no cookie. */
        SIGNED_LINK
    }

    /** Runs before a matched form POST (not under /api): the CSRF check, unless the route's role waives it. */
    void checkForm(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH") && !method.equals("DELETE")
                || WebServer.isApi(ctx)) { // API writes check credentials in their handler (apiUser)
            return;
        }
        SignedIn viewer = ctx.attribute(VIEWER);
        var roles = ctx.routeRoles();
        if (roles.contains(CsrfRole.SIGNED_LINK) || viewer == null && roles.contains(CsrfRole.VISITORS_EXEMPT)) {
            return;
        }
        String sent = ctx.formParam(CSRF_FIELD);
        String expected = viewer != null ? viewer.csrfToken() : ctx.cookie(PRE_SESSION_COOKIE);
        if (!Secrets.same(expected, sent)) {
            throw new ForbiddenResponse("This form has expired or did not come from this site. "
                    + "Go back, reload the page and try again.");
        }
    }

    static Optional<SignedIn> viewer(Context ctx) {
        return Optional.ofNullable(ctx.attribute(VIEWER));
    }

    /** Which of these papers the viewer upvoted (empty for visitors). */
    static java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> voted(Context ctx) {
        java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> f = ctx.attribute(VOTED);
        return f != null ? f : ids -> java.util.Set.of();
    }

    static boolean signedIn(Context ctx) {
        return ctx.attribute(VIEWER) != null;
    }

    /** The CSRF token for a form on this request: the session's, or a pre-session one set as a cookie. */
    String formToken(Context ctx) {
        Optional<SignedIn> viewer = viewer(ctx);
        if (viewer.isPresent()) {
            return viewer.get().csrfToken();
        }
        String token = ctx.cookie(PRE_SESSION_COOKIE);
        if (token == null || token.length() < 20 || token.length() > 100) {
            token = Secrets.newToken();
            setCookie(ctx, PRE_SESSION_COOKIE, token, 2 * 60 * 60);
        }
        return token;
    }

    /** Logs a user in: ends the session the request came with, if any, and sets a fresh one (rotation). */
    void startSession(Context ctx, User user) {
        String old = ctx.cookie(SESSION_COOKIE);
        if (old != null) {
            accounts.deleteSession(old);
        }
        accounts.deleteExpiredSessions(); // housekeeping on a rare event: the table only grows at logins
        NewSession session = accounts.createSession(user.id());
        setCookie(ctx, SESSION_COOKIE, session.token(), accounts.sessionLifetime().toSeconds());
    }

    void endSession(Context ctx) {
        accounts.deleteSession(ctx.cookie(SESSION_COOKIE));
        setCookie(ctx, SESSION_COOKIE, "", 0);
    }

    private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : ""));
    }
}
