package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.http.BadRequestResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import papers.community.Follow;
import papers.community.FollowStore;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.User;
import papers.digest.DigestComposer;
import papers.digest.DigestMail;
import papers.digest.Frequency;
import papers.digest.SignedLinks;
import papers.digest.SubscribeFlow;
import papers.digest.SubscriberStore;
import papers.digest.Subscription;

/**
 * Email digests on the web: the subscribe box of every page (POST /subscribe), the confirmation link, the preferences
 * page reached by the signed link in every digest (no login needed), unsubscribing (a page with a button, and the
 * RFC 8058 one-click POST that mail clients send), and /digest/preview ({@link DigestPreview}). Addresses are shown to nobody: the pages say
 * the same whether or not an address is subscribed, and signed links name a subscriber only by its number.
 */
final class DigestRoutes {

    /** What the digest pages use, made by App. */
    record Services(SubscriberStore subscribers, SubscribeFlow flow, DigestMail mail, SignedLinks links,
                    Supplier<DigestComposer> composer, FollowStore follows, boolean weekends, Clock clock) { }

    private final Services digests;
    private final Auth auth;
    private final Templates templates;
    private final RateLimiter perAddress;
    private final RateLimiter perClient;

    DigestRoutes(Services digests, Auth auth, Templates templates, papers.community.RateLimits limits) {
        this.perAddress = limits.limiter("subscribe-address", 3, Duration.ofHours(1));
        this.perClient = limits.limiter("subscribe-client", 20, Duration.ofHours(1));
        this.digests = digests;
        this.auth = auth;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.post("/subscribe", this::subscribe, Auth.CsrfRole.VISITORS_EXEMPT);
        WebServer.get(routes, "/digest/confirm", this::confirmPage);
        routes.post("/digest/confirm", this::confirm);
        WebServer.get(routes, "/digest/preferences", this::preferencesPage);
        routes.post("/digest/preferences", this::savePreferences);
        routes.post("/digest/preferences/rotate", this::rotateLinks);
        WebServer.get(routes, "/digest/unsubscribe", this::unsubscribePage);
        routes.post("/digest/unsubscribe", this::unsubscribe, Auth.CsrfRole.SIGNED_LINK);
        WebServer.get(routes, "/digest/preview", new DigestPreview(digests, templates, this::managed)::show);
        WebServer.get(routes, "/account/digest", this::accountDigest);
    }

    /** From the account pages: a signed-in reader's subscription (its preferences), or how to start one. */
    private void accountDigest(Context ctx) {
        var viewer = Auth.viewer(ctx).map(SignedIn::user);
        if (viewer.isEmpty()) {
            ctx.redirect(SignInWall.loginFor("/account/digest"), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        var subscription = digests.subscribers().findByUser(viewer.get().id());
        if (subscription.isPresent()) {
            ctx.redirect("/digest/preferences?token=" + digests.links().manageToken(subscription.get().id()),
                    io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("email", viewer.get().email());
        params.put("csrf", auth.formToken(ctx));
        params.put("sendsMail", digests.flow().sendsMail());
        params.put("verified", viewer.get().emailVerified());
        WebServer.send(ctx, templates.page(200, "account_digest.jte", params));
    }

    private void subscribe(Context ctx) {
        Frequency frequency;
        String address;
        try {
            frequency = Frequency.parse(ctx.formParam("frequency") == null ? "daily" : ctx.formParam("frequency"));
            address = SubscriberStore.checkedAddress(ctx.formParam("email"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        long retry = Math.max(perClient.acquire(ctx.ip()),
                perAddress.acquire(papers.community.EmailAddress.limitKey(address)));
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many subscription requests; try again later.", retry);
        }
        // Linked to the viewer's account only when it is the account's own proven address: otherwise anyone signed in
        // could take over another address's subscription (and its manage links) by typing it here.
        Long userId = Auth.viewer(ctx).map(SignedIn::user).filter(u -> owns(u, address)).map(User::id).orElse(null);
        try {
            digests.flow().subscribe(address, frequency, userId);
        } catch (SubscribeFlow.MailUnavailable | SubscribeFlow.NotSent e) {
            subscribeAnswer(ctx, 503, "Not subscribed yet", e.getMessage(), false);
            return;
        }
        subscribeAnswer(ctx, 200, "Check your inbox",
                "We sent a message to " + address + ". Open the link in it within "
                        + SignedLinks.CONFIRM_VALIDITY.toHours() + " hours to start your "
                        + frequency.key() + " digest; nothing is sent before that.", true);
    }

    /**
     * The subscribe box's answer: a page whose result region site.js puts in place of the box (the reader stays on
     * their page), and which without JavaScript links back to the page the box was on (the Referer, local paths only).
     */
    private void subscribeAnswer(Context ctx, int status, String heading, String message, boolean sent) {
        String back = null;
        String referer = ctx.header("Referer");
        if (referer != null) {
            try {
                java.net.URI uri = java.net.URI.create(referer);
                java.net.URI here = java.net.URI.create(ctx.fullUrl());
                if (java.util.Objects.equals(uri.getHost(), here.getHost()) && uri.getPort() == here.getPort()) {
                    back = SignInWall.localPath(uri.getRawPath() + (uri.getRawQuery() == null ? ""
                            : "?" + uri.getRawQuery())).orElse(null);
                }
            } catch (IllegalArgumentException e) {
                back = null; // not an address: no way back offered
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("heading", heading);
        params.put("message", message);
        params.put("sent", sent);
        params.put("back", back);
        noStore(ctx);
        WebServer.send(ctx, templates.page(status, "subscribe_sent.jte", params));
    }

    private void confirmPage(Context ctx) {
        confirmToken(ctx); // a bad or expired link is a 400 here, before the button
        page(ctx, 200, "Confirm your subscription", "Start receiving the Daily Papers digest at this address?",
                "/digest/confirm", ctx.queryParam("token"), "Confirm");
    }

    private void confirm(Context ctx) {
        long id = confirmToken(ctx);
        Subscription s = digests.subscribers().confirm(id)
                .orElseThrow(() -> new NotFoundResponse("This subscription no longer exists; subscribe again."));
        if (!s.active()) {
            throw new BadRequestResponse("This subscription was stopped; subscribe again from any page.");
        }
        ctx.redirect("/digest/preferences?token=" + digests.links().manageToken(id) + "&confirmed=1",
                HttpStatus.SEE_OTHER);
    }

    private void preferencesPage(Context ctx) {
        Subscription s = managed(ctx);
        if (s.status() == Subscription.Status.UNSUBSCRIBED) {
            WebServer.send(ctx, templates.message(200, "Unsubscribed",
                    "This address gets no digests. Subscribe again from the box at the bottom of any page."));
            return;
        }
        preferences(ctx, 200, s, ctx.queryParam("confirmed") != null ? "Subscription confirmed."
                : ctx.queryParam("saved") != null ? "Preferences saved." : null, null, null);
    }

    private void preferences(Context ctx, int status, Subscription s, String notice, String error,
                             String topicsText) {
        List<Follow> following = s.userId() == null ? List.of() : digests.follows().following(s.userId());
        Map<String, Object> params = new HashMap<>();
        params.put("token", digests.links().manageToken(s.id()));
        params.put("csrf", auth.formToken(ctx));
        params.put("frequency", s.frequency().key());
        params.put("topics", topicsText != null ? topicsText : String.join("\n", s.topics()));
        params.put("account", s.userId() != null);
        params.put("following", following);
        params.put("notice", notice);
        params.put("error", error);
        params.put("suspended", s.status() == Subscription.Status.SUSPENDED);
        params.put("pending", s.status() == Subscription.Status.PENDING);
        noStore(ctx);
        WebServer.send(ctx, templates.page(status, "digest_preferences.jte", params));
    }

    private void savePreferences(Context ctx) {
        Subscription s = managed(ctx);
        if (s.status() == Subscription.Status.UNSUBSCRIBED) {
            throw new BadRequestResponse("This address is unsubscribed; subscribe again from any page.");
        }
        String topicsText = ctx.formParam("topics") == null ? "" : ctx.formParam("topics");
        Frequency frequency;
        try {
            frequency = Frequency.parse(ctx.formParam("frequency"));
            digests.subscribers().updatePreferences(s.id(), frequency,
                    Arrays.asList(topicsText.split("\\R")));
        } catch (IllegalArgumentException e) {
            preferences(ctx, 400, s, null, e.getMessage(), topicsText);
            return;
        }
        if (s.userId() != null) { // follows left unticked are unfollowed
            List<String> kept = ctx.formParams("follow");
            for (Follow f : digests.follows().following(s.userId())) {
                if (!kept.contains(f.kind().key() + ":" + f.target())) {
                    digests.follows().unfollow(s.userId(), f.kind(), f.target());
                }
            }
        }
        ctx.redirect("/digest/preferences?token=" + digests.links().manageToken(s.id()) + "&saved=1",
                HttpStatus.SEE_OTHER);
    }

    private void unsubscribePage(Context ctx) {
        managed(ctx);
        page(ctx, 200, "Unsubscribe", "Stop every Daily Papers digest to this address and delete its topics?",
                "/digest/unsubscribe", ctx.queryParam("token"), "Unsubscribe");
    }

    /**
     * Unsubscribes at once: the signed token is the authority (the route's role waives the CSRF check, see Auth.CsrfRole),
     * so the one-click POST a mail client sends (body {@code List-Unsubscribe=One-Click}, RFC 8058) works as well as
     * the page's button.
     */
    private void unsubscribe(Context ctx) {
        String token = ctx.queryParam("token") != null ? ctx.queryParam("token") : ctx.formParam("token");
        OptionalLong id = digests.links().managed(token);
        if (id.isEmpty()) {
            throw new BadRequestResponse("This unsubscribe link is not valid (it may have been cut short).");
        }
        digests.subscribers().unsubscribe(id.getAsLong());
        WebServer.send(ctx, templates.message(200, "Unsubscribed",
                "This address will get no more digests, and its topics are deleted."));
    }

    /** Voids every manage link of the subscription sent so far and shows the page under its new one. */
    private void rotateLinks(Context ctx) {
        Subscription s = managed(ctx);
        digests.subscribers().rotateManageLinks(s.id());
        ctx.redirect("/digest/preferences?token=" + digests.links().manageToken(s.id()) + "&saved=1",
                HttpStatus.SEE_OTHER);
    }

    /** Whether {@code address} is the user's own, proven by the link mailed at sign-up. */
    static boolean owns(User user, String address) {
        return user.emailVerified() && papers.community.EmailAddress.key(user.email())
                .equals(papers.community.EmailAddress.key(address));
    }

    private long confirmToken(Context ctx) {
        String token = ctx.queryParam("token") != null ? ctx.queryParam("token") : ctx.formParam("token");
        OptionalLong id = digests.links().confirmed(token);
        if (id.isEmpty()) {
            throw new BadRequestResponse("This confirmation link is not valid or has expired (links last "
                    + SignedLinks.CONFIRM_VALIDITY.toHours() + " hours); subscribe again from any page.");
        }
        return id.getAsLong();
    }

    /** The subscriber a manage link names; 400 for a bad link, 404 when it no longer exists. */
    Subscription managed(Context ctx) {
        String token = ctx.queryParam("token") != null ? ctx.queryParam("token") : ctx.formParam("token");
        OptionalLong id = digests.links().managed(token);
        if (id.isEmpty()) {
            throw new BadRequestResponse("This link is not valid (it may have been cut short); use the one in your latest "
                    + "digest.");
        }
        return digests.subscribers().find(id.getAsLong())
                .orElseThrow(() -> new NotFoundResponse("This subscription no longer exists."));
    }

    private void page(Context ctx, int status, String heading, String question, String action, String token,
                      String button) {
        noStore(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("heading", heading);
        params.put("question", question);
        params.put("action", action);
        params.put("token", token);
        params.put("csrf", auth.formToken(ctx));
        params.put("button", button);
        WebServer.send(ctx, templates.page(status, "digest_confirm.jte", params));
    }

    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "private, no-store");
        ctx.header("Referrer-Policy", "no-referrer"); // the page's address holds the token
    }

}
