package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import papers.community.SignedIn;
import papers.digest.Digest;
import papers.digest.DigestComposer;
import papers.digest.DigestPeriod;
import papers.digest.Frequency;
import papers.digest.Subscription;

/**
 * /digest/preview: a digest in the browser, inside the site's page with a period and day picker, the email itself in
 * a frame ({@code ?raw=1}, the only answer allowed inline styles and framing by this site). Without a date it opens on
 * the first digest that covers the newest listing day. The framed email's links are relative to this site and open
 * the whole window (the site's pages refuse frames); a reader without a subscription gets a sample, trending only,
 * that ends with how to subscribe instead of manage links that would name nobody.
 */
final class DigestPreview {

    private final DigestRoutes.Services digests;
    private final Templates templates;
    /** The subscriber a manage link names (400 for a bad link), as the digest pages read it. */
    private final Function<Context, Subscription> managed;

    DigestPreview(DigestRoutes.Services digests, Templates templates, Function<Context, Subscription> managed) {
        this.digests = digests;
        this.templates = templates;
        this.managed = managed;
    }

    /**
     * A digest in the browser: the signed link's subscriber's, else the signed-in reader's (their subscription's,
     * or what their account's follows and upvotes would give), else trending only.
     */
    void show(Context ctx) {
        Subscription reader = null;
        String token = ctx.queryParam("token");
        if (token != null) {
            reader = managed.apply(ctx);
        } else {
            var viewer = Auth.viewer(ctx).map(SignedIn::user);
            if (viewer.isPresent()) {
                // only a subscription of the account's own verified address: the page carries its manage links
                reader = digests.subscribers().findByUser(viewer.get().id())
                        .filter(s -> DigestRoutes.owns(viewer.get(), s.email())).orElse(null);
                if (reader == null) {
                    reader = new Subscription(0, viewer.get().email(), Frequency.DAILY, viewer.get().id(),
                            Subscription.Status.PENDING, 0, digests.clock().instant(), null, List.of());
                }
            }
        }
        if (reader == null) {
            reader = new Subscription(0, "preview@localhost", Frequency.DAILY, null, Subscription.Status.PENDING,
                    0, digests.clock().instant(), null, List.of());
        }
        Frequency frequency;
        LocalDate date;
        try {
            frequency = ctx.queryParam("period") == null ? reader.frequency() : Frequency.parse(ctx.queryParam("period"));
            date = ctx.queryParam("date") == null ? LocalDate.now(digests.clock())
                    : LocalDate.parse(ctx.queryParam("date"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("period: " + e.getMessage());
        } catch (java.time.DateTimeException e) { // a parse error, or a day no period can hold
            throw new BadRequestResponse("date: must be a day like 2026-08-24, got '" + ctx.queryParam("date") + "'");
        }
        if (date.getYear() < 1991 || date.getYear() > 9999) { // arXiv began in 1991; far days overflow periods
            throw new BadRequestResponse("date: must be a day between 1991 and 9999, got '" + date + "'");
        }
        DigestComposer composer = digests.composer().get();
        if (ctx.queryParam("date") == null) { // the newest period with papers, however long ago the last listing was
            var newest = composer.newestListingDay();
            if (newest.isPresent()) { // the first digest that covers it: the next sending day, the next Monday weekly
                LocalDate send = frequency == Frequency.DAILY ? newest.get().plusDays(1)
                        : newest.get().with(java.time.DayOfWeek.MONDAY).plusWeeks(1);
                while (!DigestPeriod.sendsOn(frequency, send, digests.weekends())) {
                    send = send.plusDays(1);
                }
                date = send.isBefore(date) ? send : date;
            }
        }
        DigestPeriod period = DigestPeriod.of(frequency, date, digests.weekends());
        Digest digest = composer.compose(composer.edition(period), reader);
        // Without a date asked for, show the newest period that has papers (today's may have none yet).
        for (int back = 0; digest.isEmpty() && ctx.queryParam("date") == null && back < 30; back++) {
            date = period.first().minusDays(1);
            period = DigestPeriod.of(frequency, date, digests.weekends());
            digest = composer.compose(composer.edition(period), reader);
        }
        DigestRoutes.noStore(ctx);
        if ("1".equals(ctx.queryParam("raw"))) { // the email itself, for the preview page's frame
            SecurityHeaders.mailPreview(ctx);
            String subscribe = reader.id() != 0 ? null
                    : Auth.viewer(ctx).isPresent() ? "/account/digest" : "/digest/preview#subscribe-heading";
            WebServer.send(ctx, ResponseCache.Response.of(200, "text/html; charset=utf-8", digest.isEmpty()
                    ? "<!DOCTYPE html><title>Nothing new</title><p>No papers in this period.</p>"
                    : digests.mail().previewHtml(digest, reader.id() == 0,
                            digests.flow().sendsMail() ? subscribe : null)));
            return;
        }
        String query = "period=" + frequency.name().toLowerCase(java.util.Locale.ROOT) + "&date=" + date
                + (token != null ? "&token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8) : "");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("frequency", frequency.name().toLowerCase(java.util.Locale.ROOT));
        params.put("date", date.toString());
        params.put("token", token);
        params.put("label", period.label());
        params.put("empty", digest.isEmpty());
        params.put("frame", "/digest/preview?raw=1&" + query);
        params.put("subscribed", reader.id() != 0);
        params.put("sendsMail", digests.flow().sendsMail());
        params.put("signedIn", Auth.viewer(ctx).isPresent());
        WebServer.send(ctx, templates.page(200, "digest_preview.jte", params));
    }
}
