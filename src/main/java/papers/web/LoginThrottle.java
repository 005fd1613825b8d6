package papers.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import papers.community.AccountStore;
import papers.community.RateLimiter;
import papers.community.RateLimits;
import papers.community.Secrets;

/**
 * Slows password guessing without letting a guesser lock the owner out (OWASP's "device cookies"). Attempts are
 * keyed on the canonical account name (the one the login looks up: {@code "Bob "} is {@code bob}):
 * <ul>
 * <li>from a browser that logged into that account before (it holds a device cookie signed for it): 10 per 10 minutes
 *     for that browser alone, so no one else's guesses count against the owner;</li>
 * <li>from anywhere else: 10 per 10 minutes per account and client address, and 30 per client address.</li>
 * </ul>
 * Counts live in the database ({@link RateLimiter}), shared by every node.
 */
final class LoginThrottle {

    static final String DEVICE_COOKIE = "papers_device";
    private static final Duration DEVICE_LIFETIME = Duration.ofDays(365);

    private final RateLimiter perClient;
    private final RateLimiter perAccountAndClient;
    private final RateLimiter perDevice;
    private final SecretKeySpec key;
    private final boolean secureCookies;

    LoginThrottle(RateLimits limits, boolean secureCookies) {
        this.perClient = limits.limiter("login-client", 30, Duration.ofMinutes(10));
        this.perAccountAndClient = limits.limiter("login-account-client", 10, Duration.ofMinutes(10));
        this.perDevice = limits.limiter("login-account-device", 10, Duration.ofMinutes(10));
        this.key = new SecretKeySpec(limits.secret(), "HmacSHA256");
        this.secureCookies = secureCookies;
    }

    /** Counts one login attempt for this name from this request; a 429 when it is one too many. */
    void attempt(Context ctx, String username) {
        String account = AccountStore.usernameKey(username);
        String device = ctx.cookie(DEVICE_COOKIE);
        if (device != null && knows(device, account)) {
            limit(perDevice.acquire(account + "\u0000" + device), "Too many login attempts from this browser");
            return;
        }
        limit(perClient.acquire(ctx.ip()), "Too many login attempts from your address");
        limit(perAccountAndClient.acquire(account + "\u0000" + ctx.ip()), "Too many login attempts for this account");
    }

    /** After a successful login: this browser is known to the account from now on. */
    void remember(Context ctx, String username) {
        String nonce = Secrets.newToken();
        String value = nonce + "." + mac(AccountStore.usernameKey(username) + "." + nonce);
        ctx.res().addHeader("Set-Cookie", DEVICE_COOKIE + "=" + value + "; Path=/; Max-Age="
                + DEVICE_LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : ""));
    }

    private boolean knows(String cookie, String account) {
        int dot = cookie.indexOf('.');
        if (dot < 1 || cookie.length() > 200) {
            return false;
        }
        String expected = mac(account + "." + cookie.substring(0, dot));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private static void limit(long retryAfter, String message) {
        if (retryAfter > 0) {
            throw WebServer.tooManyRequests(message + "; try again later.", retryAfter);
        }
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                    body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
