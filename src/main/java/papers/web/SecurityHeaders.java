package papers.web;

import io.javalin.http.Context;

/**
 * The browser-hardening headers of every answer, errors and static files included: a strict Content-Security-Policy
 * (scripts and styles only from our own files, so an injected tag or attribute does nothing; no framing, no plugins,
 * no base-URL tricks, forms post only here), X-Frame-Options for old browsers, nosniff and a referrer policy that
 * keeps our paths (which may hold signed tokens) to ourselves. Set before anything else runs, so an exception thrown
 * by a later before-handler (a CSRF refusal) still carries them.
 */
final class SecurityHeaders {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * For the e-mail preview only: mail clients ignore style sheets, so the digest's HTML styles inline; it has no
     * script, and the policy still allows none. It is framed by the preview page, so by this site only.
     */
    static final String MAIL_PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
    }

    /** Relaxes the style rule for the answer being built: see {@link #MAIL_PREVIEW_POLICY}. */
    static void mailPreview(Context ctx) {
        ctx.header("Content-Security-Policy", MAIL_PREVIEW_POLICY);
        ctx.header("X-Frame-Options", "SAMEORIGIN"); // shown in a frame of the preview page, on this site only
    }
}
