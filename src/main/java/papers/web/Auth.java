package papers.web;

import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
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
 * Pages are rendered and cached without any account in them; {@link #personalize} swaps the header's
 * "Log in / Sign up" for the viewer's name when sending, so a cached page never carries one user's header to another.
 */
final class Auth {

    static final String SESSION_COOKIE = "papers_session";
    static final String PRE_SESSION_COOKIE = "papers_csrf";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String VIEWER = "papers.viewer";
    /** The header's account box in layout.jte (jte drops HTML comments, so its own tags delimit it). */
    static final String ACCOUNT_START = "<div class=\"account\">";
    static final String ACCOUNT_END = "</div>";
    /** The CSRF field of a form in a cacheable page, filled per viewer by {@link #personalize}. */
    static final String EMPTY_CSRF = "name=\"csrf\" value=\"\"";

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
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        if (!WebServer.isApi(ctx)) { // API writes check credentials in their handler (apiUser): unknown paths 404
            checkForm(ctx);
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

    private void checkForm(Context ctx) {
        SignedIn viewer = ctx.attribute(VIEWER);
        if (viewer == null && (ctx.path().equals("/upvote") || ctx.path().equals("/comments")
                || ctx.path().equals("/follow") || ctx.path().equals("/claims"))) {
            return; // a visitor's vote, comment, follow or claim changes nothing: the route sends them to log in
        }
        if (ctx.path().equals("/digest/unsubscribe")) {
            return; // the signed token authorizes it, and mail clients' one-click POST (RFC 8058) has no cookie
        }
        if (viewer == null && ctx.path().equals("/subscribe")) {
            // The box is on cached pages, so a visitor's form has no token. A forged post could only make us send a
            // confirmation email, which anyone can make us send by posting the form; double opt-in and rate limits
            // are the protection.
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

    /** The page with the header's account links replaced by the viewer's name and a logout form. */
    static byte[] personalize(byte[] html, SignedIn viewer) {
        return personalize(html, viewer, ids -> java.util.Set.of());
    }

    private static final java.util.regex.Pattern OWN_COMMENT = java.util.regex.Pattern.compile(
            "<span class=\"own\" data-comment=\"(\\d+)\" data-author=\"([^\"]*)\"></span>");
    /** The admin's hide/unhide slot on a paper page (paper.jte); the id is an arXiv id, so safe to echo. */
    private static final java.util.regex.Pattern ADMIN_PAPER = java.util.regex.Pattern.compile(
            "<span class=\"admin-paper\" data-paper=\"([0-9A-Za-z./-]+)\" data-action=\"(hide|unhide)\"></span>");
    private static final java.util.regex.Pattern VOTE_FORM =
            java.util.regex.Pattern.compile("name=\"paper\" value=\"([^\"]+)\"><button type=\"submit\" aria-pressed=\"false\"");

    /**
     * Also marks the upvote buttons of the papers {@code voted} says the viewer upvoted ({@code aria-pressed}).
     */
    static byte[] personalize(byte[] html, SignedIn viewer,
                              java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> voted) {
        String page = new String(html, StandardCharsets.UTF_8);
        int start = page.indexOf(ACCOUNT_START);
        int end = start < 0 ? -1 : page.indexOf(ACCOUNT_END, start + ACCOUNT_START.length());
        if (start < 0 || end < 0) {
            return html;
        }
        String fragment = (viewer.user().admin() ? "<a href=\"/admin/users\">Admin</a>" : "")
                + "<a class=\"user\" href=\"/users/" + escape(viewer.user().username()) + "\">"
                + escape(viewer.user().username())
                + "</a><a href=\"/my\">My feed</a><a href=\"/submit\">Submit</a>"
                + "<a href=\"/account/password\">Account</a><form method=\"post\" action=\"/logout\" class=\"inline\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(viewer.csrfToken()) + "\">"
                + "<button type=\"submit\" class=\"link\">Log out</button></form>";
        // Forms in cached pages (upvote buttons) carry an empty CSRF field: fill in this session's token.
        String out = (page.substring(0, start + ACCOUNT_START.length()) + fragment + page.substring(end))
                .replace(EMPTY_CSRF, "name=\"csrf\" value=\"" + escape(viewer.csrfToken()) + "\"");
        // The viewer's own comments get a delete button (the cached page has an empty marker for each comment).
        String ownMarker = "\" data-author=\"" + escape(viewer.user().username()) + "\"></span>";
        if (viewer.user().admin()) { // admins get a hide button on every comment
            out = OWN_COMMENT.matcher(out).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(r.group()
                    + " <form class=\"inline\" method=\"post\" action=\"/admin/comments/hide\">"
                    + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(viewer.csrfToken()) + "\">"
                    + "<input type=\"hidden\" name=\"id\" value=\"" + r.group(1) + "\">"
                    + "<button type=\"submit\" class=\"link\">hide</button></form>"));
        }
        if (viewer.user().admin()) { // and a hide (or unhide) button on the paper page
            out = ADMIN_PAPER.matcher(out).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(
                    "<form class=\"inline admin-paper\" method=\"post\" action=\"/admin/papers/" + r.group(2) + "\">"
                            + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(viewer.csrfToken()) + "\">"
                            + "<input type=\"hidden\" name=\"paper\" value=\"" + r.group(1) + "\">"
                            + "<button type=\"submit\" class=\"link\">" + r.group(2) + " paper</button></form>"));
        }
        if (out.contains(ownMarker)) {
            out = OWN_COMMENT.matcher(out).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(
                    r.group(2).equals(escape(viewer.user().username()))
                            ? " <form class=\"inline\" method=\"post\" action=\"/comments/delete\">"
                                    + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(viewer.csrfToken())
                                    + "\"><input type=\"hidden\" name=\"id\" value=\"" + r.group(1) + "\">"
                                    + "<button type=\"submit\" class=\"link\">delete</button></form>"
                            : r.group()));
        }
        java.util.regex.Matcher m = VOTE_FORM.matcher(out);
        java.util.List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        java.util.Set<String> mine = ids.isEmpty() ? java.util.Set.of() : voted.apply(ids);
        if (!mine.isEmpty()) {
            out = VOTE_FORM.matcher(out).replaceAll(r -> mine.contains(r.group(1))
                    ? java.util.regex.Matcher.quoteReplacement(r.group().replace("\"false\"", "\"true\""))
                    : java.util.regex.Matcher.quoteReplacement(r.group()));
        }
        return out.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
