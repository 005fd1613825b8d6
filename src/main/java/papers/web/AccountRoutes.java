package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import papers.community.AccountException;
import papers.community.AccountStore;
import papers.community.EmailAddress;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.User;

/** Sign up, log in, log out and change password: server-rendered forms, each carrying its CSRF token. */
final class AccountRoutes {

    private final AccountStore accounts;
    private final Auth auth;
    private final Templates templates;
    private final LoginThrottle login;
    private final RateLimiter signupPerIp;
    private final RateLimiter signupPerName;
    private final RateLimiter signupPerEmail;

    private final SignInWall wall;
    private final papers.digest.AddressVerification verification;
    private final RateLimiter verifyPerUser;

    /** @param verification mails address links; null when this server sends no mail */
    AccountRoutes(AccountStore accounts, Auth auth, Templates templates, papers.community.RateLimits limits,
                  papers.digest.AddressVerification verification, SignInWall wall) {
        this.wall = wall;
        wall.loginPage(ctx -> form(ctx, 200, "login", null, "", ""));
        this.verification = verification;
        this.verifyPerUser = limits.limiter("verify-user", 3, Duration.ofHours(1));
        this.login = new LoginThrottle(limits, auth.secureCookies());
        this.signupPerIp = limits.limiter("signup-client", 10, Duration.ofHours(1));
        this.signupPerName = limits.limiter("signup-name", 5, Duration.ofHours(1));
        this.signupPerEmail = limits.limiter("signup-address", 3, Duration.ofHours(1));
        this.accounts = accounts;
        this.auth = auth;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/signup", ctx -> form(ctx, 200, "signup", null, "", ""));
        WebServer.get(routes, "/login", ctx -> form(ctx, 200, "login", null, "", ""));
        routes.post("/signup", this::signup);
        WebServer.get(routes, "/welcome", ctx -> signedIn(ctx).ifPresent(v -> WebServer.send(ctx,
                templates.page(200, "welcome.jte", Map.of("username", v.user().username())))));
        routes.post("/login", this::login);
        routes.post("/logout", ctx -> {
            auth.endSession(ctx);
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        });
        WebServer.get(routes, "/account/password", ctx -> {
            if (Auth.viewer(ctx).isEmpty()) {
                ctx.redirect(SignInWall.loginFor("/account/password"), HttpStatus.SEE_OTHER);
                return;
            }
            form(ctx, 200, "password", null, "", "");
        });
        routes.post("/account/password", this::changePassword);
        WebServer.get(routes, "/account/verify", this::verify);
        WebServer.get(routes, "/account/email", ctx -> signedIn(ctx).ifPresent(v -> emailPage(ctx, 200, v, null)));
        routes.post("/account/email", this::changeEmail);
        routes.post("/account/verify/resend", ctx -> signedIn(ctx).ifPresent(v -> {
            if (verification == null || !verification.required() || v.user().emailVerified()) {
                ctx.redirect("/account/verify", HttpStatus.SEE_OTHER);
                return;
            }
            limit(verifyPerUser, Long.toString(v.user().id()), "Too many links asked for; try again later.");
            boolean sent = verification.send(v.user().email(), v.user().username(), v.user().id());
            verifyPage(ctx, v, sent ? "A new link is on its way." : "The mail server did not take the message; "
                    + "try again later.");
        }));
        WebServer.get(routes, "/account/tokens", ctx -> signedIn(ctx).ifPresent(v -> tokens(ctx, v, 200, null, null)));
        routes.post("/account/tokens", ctx -> signedIn(ctx).ifPresent(v -> {
            String token;
            try {
                // Re-authentication: a stolen session alone must not mint a lasting credential.
                login.attempt(ctx, v.user().username());
                if (accounts.authenticate(v.user().username(), field(ctx, "password")).isEmpty()) {
                    throw new AccountException("Your password is not right: it is asked again to create a token.");
                }
                token = accounts.createToken(v.user().id(), field(ctx, "name"), tokenValidity(field(ctx, "expires")));
            } catch (AccountException e) {
                tokens(ctx, v, 400, null, e.getMessage());
                return;
            }
            tokens(ctx, v, 200, token, null);
        }));
        routes.post("/account/tokens/revoke", ctx -> signedIn(ctx).ifPresent(v -> {
            long id;
            try {
                id = Long.parseLong(field(ctx, "id"));
            } catch (NumberFormatException e) {
                throw new BadRequestResponse("id must be a number");
            }
            if (!accounts.revokeToken(v.user().id(), id)) {
                tokens(ctx, v, 404, null, "You have no live token with that id.");
                return;
            }
            ctx.redirect("/account/tokens", HttpStatus.SEE_OTHER);
        }));
    }

    /** The viewer, or empty after redirecting a visitor to the login page (which comes back here). */
    private static Optional<SignedIn> signedIn(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect(SignInWall.loginFor(ctx.path()), HttpStatus.SEE_OTHER);
        }
        return viewer;
    }

    /** The token form's expiry choice: days, or empty for never. */
    private static Duration tokenValidity(String days) {
        if (days.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(days);
            if (n >= 1 && n <= 3650) {
                return Duration.ofDays(n);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AccountException("expires must be a number of days from 1 to 3650, or empty for never.");
    }

    private void tokens(Context ctx, SignedIn viewer, int status, String created, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("tokens", accounts.tokens(viewer.user().id()));
        params.put("now", java.time.Instant.now());
        params.put("csrf", viewer.csrfToken());
        params.put("created", created);
        params.put("error", error);
        WebServer.send(ctx, templates.page(status, "tokens.jte", params));
    }

    private void signup(Context ctx) {
        String username = field(ctx, "username");
        String email = field(ctx, "email");
        limit(signupPerIp, "ip:" + ctx.ip(), "Too many sign-ups from your address; try again later.");
        limit(signupPerName, AccountStore.usernameKey(username),
                "Too many sign-ups for this username; try again later.");
        limit(signupPerEmail, emailKey(email),
                "Too many sign-ups with this email address; try again later.");
        User user;
        try {
            user = accounts.createUser(username, email, field(ctx, "password"), false);
        } catch (AccountException e) {
            form(ctx, 400, "signup", e.getMessage(), username, email);
            return;
        }
        auth.startSession(ctx, user);
        if (verification != null && verification.required()) {
            verification.send(user.email(), user.username(), user.id()); // not sent: the page offers to resend
            ctx.redirect("/account/verify", HttpStatus.SEE_OTHER);
            return;
        }
        if (!wall.resume(ctx, user)) { // nothing to finish: say welcome and what to do first
            ctx.redirect("/welcome", HttpStatus.SEE_OTHER);
        }
    }

    private void changeEmail(Context ctx) {
        Optional<SignedIn> viewer = signedIn(ctx);
        if (viewer.isEmpty()) {
            return;
        }
        login.attempt(ctx, viewer.get().user().username()); // the password is checked: guesses count
        User changed;
        try {
            changed = accounts.changeEmail(viewer.get().user().id(), field(ctx, "password"), field(ctx, "email"));
        } catch (AccountException e) {
            emailPage(ctx, 400, viewer.get(), e.getMessage());
            return;
        }
        if (verification != null && verification.required() && !changed.emailVerified()) {
            verification.send(changed.email(), changed.username(), changed.id());
            ctx.redirect("/account/verify", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect("/account/email", HttpStatus.SEE_OTHER);
    }

    private void emailPage(Context ctx, int status, SignedIn viewer, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("email", viewer.user().email());
        params.put("csrf", viewer.csrfToken());
        params.put("error", error);
        WebServer.send(ctx, templates.page(status, "account_email.jte", params));
    }

    /** The link from the mail (?token=), or the viewer's own address status with a resend button. */
    private void verify(Context ctx) {
        String token = ctx.queryParam("token");
        if (token != null) {
            var id = verification == null ? java.util.OptionalLong.empty() : verification.verified(token);
            if (id.isEmpty() || !accounts.markEmailVerified(id.getAsLong())) {
                throw new io.javalin.http.BadRequestResponse("This link is not valid or has expired (links last 48 "
                        + "hours); ask for a new one from your account.");
            }
            ctx.header("Referrer-Policy", "no-referrer"); // the address holds the token
            WebServer.send(ctx, templates.message(200, "Address confirmed",
                    "Your address is confirmed. Thank you."));
            return;
        }
        signedIn(ctx).ifPresent(v -> verifyPage(ctx, v, null));
    }

    private void verifyPage(Context ctx, SignedIn viewer, String notice) {
        Map<String, Object> params = new HashMap<>();
        params.put("email", viewer.user().email());
        params.put("verified", viewer.user().emailVerified() || verification == null || !verification.required());
        params.put("csrf", viewer.csrfToken());
        params.put("notice", notice);
        WebServer.send(ctx, templates.page(200, "account_verify.jte", params));
    }

    private void login(Context ctx) {
        String username = field(ctx, "username");
        login.attempt(ctx, username);
        Optional<User> user = accounts.authenticate(username, field(ctx, "password"));
        if (user.isEmpty()) {
            form(ctx, 401, "login", "Wrong username or password (or the account is banned).", username, "");
            return;
        }
        login.remember(ctx, username);
        auth.startSession(ctx, user.get());
        if (!wall.resume(ctx, user.get())) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        }
    }

    private void changePassword(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect(SignInWall.loginFor("/account/password"), HttpStatus.SEE_OTHER);
            return;
        }
        login.attempt(ctx, viewer.get().user().username());
        try {
            accounts.changePassword(viewer.get().user().id(), field(ctx, "current"), field(ctx, "password"),
                    ctx.cookie(Auth.SESSION_COOKIE));
        } catch (AccountException e) {
            form(ctx, 400, "password", e.getMessage(), "", "");
            return;
        }
        WebServer.send(ctx, templates.page(200, "account_form.jte", Map.of("mode", "password",
                "csrf", auth.formToken(ctx), "notice", "Your password is changed; your other sessions are logged out.")));
    }

    private void form(Context ctx, int status, String mode, String error, String username, String email) {
        Map<String, Object> params = new HashMap<>();
        params.put("mode", mode);
        params.put("csrf", auth.formToken(ctx));
        params.put("error", error);
        params.put("username", username);
        params.put("email", email);
        params.put("reason", wall.reason(ctx));
        params.put("pending", wall.pending(ctx));
        WebServer.send(ctx, templates.page(status, "account_form.jte", params));
    }

    /** An address as the limit counts it: its canonical inbox (a@x.org, "A"@X.org and a+1@x.org are one). */
    static String emailKey(String email) {
        try {
            return EmailAddress.limitKey(EmailAddress.canonical(email));
        } catch (IllegalArgumentException e) {
            return email.strip().toLowerCase(Locale.ROOT); // refused by the sign-up anyway; still counted
        }
    }

    private static void limit(RateLimiter limiter, String key, String message) {
        long retry = limiter.acquire(key);
        if (retry > 0) {
            throw WebServer.tooManyRequests(message, retry);
        }
    }

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
