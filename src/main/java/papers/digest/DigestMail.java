package papers.digest;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import papers.feed.TexText;
import papers.paper.Paper;

/**
 * Turns digests and confirmations into MIME messages: multipart/alternative with plain text first and HTML second,
 * nothing loaded from elsewhere (no images, no remote styles), every link absolute to the site. Digests carry a
 * Message-ID stable for (subscriber, period), List-Unsubscribe with a one-click URL and a mailto, and
 * List-Unsubscribe-Post (RFC 8058).
 */
public final class DigestMail {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    /** Messages are only built here; the sender's session does the sending. */
    private static final Session SESSION = Session.getInstance(new Properties());

    private final String siteUrl;
    private final InternetAddress from;
    private final SignedLinks links;
    private final String idDomain;

    /** @param siteUrl the site's public address without a trailing slash (PAPERS_BASE_URL) */
    public DigestMail(String siteUrl, String from, SignedLinks links) {
        this.siteUrl = siteUrl;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a from address: '" + from + "'", e);
        }
        this.links = links;
        this.idDomain = java.net.URI.create(siteUrl).getHost();
    }

    public SignedLinks links() {
        return links;
    }

    /** The Message-ID of (subscriber, period): the same whenever it is built, so a copy is recognisably one. */
    public String messageId(long subscriberId, DigestPeriod period) {
        return "<digest." + period.key().replace(':', '.') + "." + subscriberId + "@" + idDomain + ">";
    }

    public String preferencesUrl(long subscriberId) {
        return siteUrl + "/digest/preferences?token=" + links.manageToken(subscriberId);
    }

    public String unsubscribeUrl(long subscriberId) {
        return siteUrl + "/digest/unsubscribe?token=" + links.manageToken(subscriberId);
    }

    public String confirmUrl(long subscriberId) {
        return siteUrl + "/digest/confirm?token=" + links.confirmToken(subscriberId);
    }

    /** The digest as a message ready to send. */
    public MimeMessage digest(Digest digest) {
        Subscription to = digest.subscription();
        try {
            MimeMessage m = new StableIdMessage(messageId(to.id(), digest.period()));
            address(m, to.email(), "Daily Papers: " + digest.period().label()
                    + (digest.forYou().isEmpty() ? "" : " (" + digest.forYou().size() + " for you)"));
            String manage = links.manageToken(to.id());
            m.setHeader("List-Unsubscribe", "<" + siteUrl + "/digest/unsubscribe?token=" + manage + ">, <mailto:"
                    + from.getAddress() + "?subject=" + URLEncoder.encode("unsubscribe " + manage,
                    StandardCharsets.UTF_8).replace("+", "%20") + ">");
            m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            m.setHeader("List-Id", "Daily Papers digest <digest." + idDomain + ">");
            m.setHeader("Auto-Submitted", "auto-generated");
            alternative(m, text(digest), html(digest));
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the digest for subscriber " + to.id(), e);
        }
    }

    /** The confirmation asked for by a new subscription: one link, valid for 48 hours. */
    public MimeMessage confirmation(Subscription s) {
        String url = confirmUrl(s.id());
        String text = "Someone, hopefully you, asked for Daily Papers digests (" + s.frequency().key()
                + ") at this address.\n\nTo start them, open this link within "
                + SignedLinks.CONFIRM_VALIDITY.toHours() + " hours:\n\n" + url
                + "\n\nIf it was not you, ignore this message: nothing will be sent.\n";
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Confirm</title></head>"
                + "<body style=\"font-family:Helvetica,Arial,sans-serif\"><p>Someone, hopefully you, asked for Daily "
                + "Papers digests (" + s.frequency().key() + ") at this address.</p><p><a href=\"" + escape(url)
                + "\">Confirm the subscription</a> (valid for " + SignedLinks.CONFIRM_VALIDITY.toHours()
                + " hours).</p><p>If it was not you, ignore this message: nothing will be sent.</p></body></html>";
        return simple(s.email(), "Confirm your Daily Papers digest", text, html);
    }

    /** The link that proves an account's address (sign-up, or asked again from the account page). */
    public MimeMessage verification(String to, String username, long userId) {
        String url = siteUrl + "/account/verify?token=" + links.verifyToken(userId);
        String text = "Someone, hopefully you, made the Daily Papers account " + username + " with this address.\n\n"
                + "To confirm the address is yours, open this link within " + SignedLinks.CONFIRM_VALIDITY.toHours()
                + " hours:\n\n" + url + "\n\nIf it was not you, ignore this message.\n";
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Verify</title></head>"
                + "<body><p>Someone, hopefully you, made the Daily Papers account " + escape(username)
                + " with this address.</p><p><a href=\"" + escape(url) + "\">Confirm the address</a> (valid for "
                + SignedLinks.CONFIRM_VALIDITY.toHours() + " hours).</p><p>If it was not you, ignore this message."
                + "</p></body></html>";
        return simple(to, "Confirm your Daily Papers address", text, html);
    }

    /** Sent instead of a confirmation when the address is already subscribed: its preferences link. */
    public MimeMessage alreadySubscribed(Subscription s) {
        String url = preferencesUrl(s.id());
        String text = "This address already gets Daily Papers digests. Change or stop them here:\n\n" + url + "\n";
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preferences</title>"
                + "</head><body style=\"font-family:Helvetica,Arial,sans-serif\"><p>This address already gets Daily "
                + "Papers digests. <a href=\"" + escape(url) + "\">Change or stop them</a>.</p></body></html>";
        return simple(s.email(), "Your Daily Papers digest", text, html);
    }

    private MimeMessage simple(String to, String subject, String text, String html) {
        try {
            MimeMessage m = new MimeMessage(SESSION);
            address(m, to, subject);
            alternative(m, text, html);
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build a message to " + to, e);
        }
    }

    private void address(MimeMessage m, String to, String subject) throws MessagingException {
        m.setFrom(from);
        m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to, false));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new Date());
    }

    private static void alternative(MimeMessage m, String text, String html) throws MessagingException {
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        MimeMultipart parts = new MimeMultipart("alternative", plain, rich);
        m.setContent(parts);
        m.saveChanges();
    }

    /** The digest as plain text (the first part: what text-only readers and previews show). */
    public String text(Digest digest) {
        StringBuilder out = new StringBuilder(2048);
        out.append("Daily Papers: ").append(digest.period().label()).append("\n\n");
        if (!digest.forYou().isEmpty()) {
            out.append("FOR YOU\n\n");
            for (Digest.Pick pick : digest.forYou()) {
                paper(out, pick.paper());
                for (String reason : pick.reasons()) {
                    out.append("  - ").append(reason).append('\n');
                }
                out.append('\n');
            }
        }
        if (!digest.trending().isEmpty()) {
            out.append("TRENDING\n\n");
            for (Paper p : digest.trending()) {
                paper(out, p);
                out.append('\n');
            }
        }
        long id = digest.subscription().id();
        out.append("--\nPreferences: ").append(preferencesUrl(id)).append("\nUnsubscribe: ")
                .append(unsubscribeUrl(id)).append('\n');
        return out.toString();
    }

    private void paper(StringBuilder out, Paper p) {
        out.append("* ").append(TexText.plain(p.title())).append("\n  ").append(siteUrl).append("/papers/").append(p.id())
                .append("  (").append(p.upvotes()).append(" upvotes")
                .append(p.organization() == null ? "" : ", " + p.organization().name()).append(")\n");
    }

    /** The digest as an HTML page (the second part; also what /digest/preview shows). */
    public String html(Digest digest) {
        StringOutput out = new StringOutput(8192);
        long id = digest.subscription().id();
        TEMPLATES.render("digest_email.jte", Map.of("digest", digest, "siteUrl", siteUrl,
                "preferencesUrl", preferencesUrl(id), "unsubscribeUrl", unsubscribeUrl(id)), out);
        return out.toString();
    }

    /**
     * The digest as /digest/preview frames it: links relative to this site and opening in the whole window (the
     * site's pages refuse to be framed, so a link followed inside the frame would be dead). A {@code sample} (the
     * reader has no subscription) ends with {@code subscribeUrl} (null when this server sends no email) instead of
     * manage links, which would name nobody.
     */
    public String previewHtml(Digest digest, boolean sample, String subscribeUrl) {
        StringOutput out = new StringOutput(8192);
        long id = digest.subscription().id();
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("digest", digest);
        params.put("siteUrl", "");
        params.put("preferencesUrl", "/digest/preferences?token=" + links.manageToken(id));
        params.put("unsubscribeUrl", "/digest/unsubscribe?token=" + links.manageToken(id));
        params.put("target", "_top");
        params.put("sample", sample);
        params.put("subscribeUrl", subscribeUrl);
        TEMPLATES.render("digest_email.jte", params, out);
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Keeps the Message-ID it was made with: Jakarta Mail would make a random one when saving changes. */
    private static final class StableIdMessage extends MimeMessage {
        private final String id;

        StableIdMessage(String id) {
            super(SESSION);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
