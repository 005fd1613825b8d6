package papers.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import papers.community.SignedIn;

/**
 * Per-viewer parts of a cached page. Pages are rendered and cached without any account in them, with empty slots
 * where a signed-in viewer sees something of their own; this fills them when the page is sent, each with a rendered
 * jte fragment from {@code src/main/jte/slot} (so no HTML is written here):
 * <ul>
 * <li>{@code <div class="account">} of the header: the viewer's name, links and logout form
 *     ({@code slot/account.jte});</li>
 * <li>{@code <span class="own" data-comment=ID data-author=NAME>} after each comment: delete (the author's own) and
 *     hide (admins) buttons ({@code slot/comment_actions.jte});</li>
 * <li>{@code <span class="admin-paper" ...>} on a paper page: the admin's hide or unhide button
 *     ({@code slot/paper_admin.jte});</li>
 * <li>the Save and "Not interested" forms of cards and paper pages ({@code save_box.jte}): for a paper the viewer
 *     saved, {@code slot/saved.jte} ("Saved · Unsave"); for one they dismissed, {@code slot/dismissed.jte};</li>
 * <li>the subscribe box's empty address field: the account's address ({@code slot/subscribe_email.jte});</li>
 * <li>the empty {@code csrf} field of every form (upvotes, follow) gets the session's token, and the upvote buttons
 *     of papers the viewer upvoted are pressed ({@code aria-pressed}).</li>
 * </ul>
 * A cached page therefore never carries one viewer's header, token or buttons to another.
 */
final class ViewerSlots {

    /** The header's account box in layout.jte (jte drops HTML comments, so its own tags delimit it). */
    static final String ACCOUNT_START = "<div class=\"account\">";
    static final String ACCOUNT_END = "</div>";
    /** The subscribe box's address field as layout.jte writes it, empty. */
    static final String SUBSCRIBE_EMAIL = "<input id=\"subscribe-email\" type=\"email\" name=\"email\" value=\"\"";
    /** The CSRF field of a form in a cacheable page. */
    static final String EMPTY_CSRF = "name=\"csrf\" value=\"\"";

    private static final Templates TEMPLATES = new Templates();
    private static final Pattern COMMENT_SLOT = Pattern.compile(
            "<span class=\"own\" data-comment=\"(\\d+)\" data-author=\"([^\"]*)\"></span>");
    /** The id is an arXiv id (letters, digits, dot, slash, dash): safe to pass on. */
    private static final Pattern PAPER_ADMIN_SLOT = Pattern.compile(
            "<span class=\"admin-paper\" data-paper=\"([0-9A-Za-z./-]+)\" data-action=\"(hide|unhide)\"></span>");
    /** Notes for visitors only in cached pages ("you will log in when you post"), dropped for signed-in viewers. */
    private static final Pattern VISITOR_ONLY = Pattern.compile("<span class=\"visitor-only[^\"]*\">[^<]*</span>");
    private static final Pattern VOTE_FORM = Pattern.compile(
            "name=\"paper\" value=\"([^\"]+)\"><button type=\"submit\" aria-pressed=\"false\"");

    /** A Save form of {@code save_box.jte} as cached pages carry it: its look and its paper. */
    private static final Pattern SAVE_FORM = Pattern.compile("<form class=\"inline save\" method=\"post\" "
            + "action=\"/save\" data-look=\"(link|button)\"><input type=\"hidden\" name=\"csrf\" value=\"\">"
            + "<input type=\"hidden\" name=\"paper\" value=\"([0-9A-Za-z./-]+)\">[^<]*<button [^>]*>Save</button>"
            + "</form>");
    /** A "Not interested" form of {@code save_box.jte}. */
    private static final Pattern DISMISS_FORM = Pattern.compile("<form class=\"inline dismiss\" method=\"post\" "
            + "action=\"/dismiss\"><input type=\"hidden\" name=\"csrf\" value=\"\"><input type=\"hidden\" "
            + "name=\"paper\" value=\"([0-9A-Za-z./-]+)\"><button [^>]*>Not interested</button></form>");

    /** Which of a page's papers the viewer saved and dismissed. */
    record ReaderMarks(Set<String> saved, Set<String> dismissed) {
        static final ReaderMarks NONE = new ReaderMarks(Set.of(), Set.of());
    }

    /** The request attribute holding the viewer's {@link ReaderMarks} lookup (set by {@link SavedRoutes}). */
    static final String READER_MARKS = "papers.reader.marks";

    private ViewerSlots() {
    }

    static byte[] fill(byte[] html, SignedIn viewer) {
        return fill(html, viewer, ids -> Set.of(), ids -> ReaderMarks.NONE);
    }

    /**
     * @param voted which of the given papers the viewer upvoted
     * @param marks which of the given papers the viewer saved and dismissed
     */
    static byte[] fill(byte[] html, SignedIn viewer, Function<Collection<String>, Set<String>> voted,
                       Function<Collection<String>, ReaderMarks> marks) {
        String page = new String(html, StandardCharsets.UTF_8);
        int start = page.indexOf(ACCOUNT_START);
        int end = start < 0 ? -1 : page.indexOf(ACCOUNT_END, start + ACCOUNT_START.length());
        if (start < 0 || end < 0) {
            return html; // not one of our pages
        }
        String csrf = viewer.csrfToken();
        String account = TEMPLATES.render("slot/account.jte", Map.of("user", viewer.user(), "csrf", csrf));
        String out = page.substring(0, start + ACCOUNT_START.length()) + account + page.substring(end);
        out = markSaves(out, csrf, marks); // before the CSRF fields are filled: the forms are matched empty
        out = out.replace(EMPTY_CSRF, "name=\"csrf\" value=\"" + attribute(csrf) + "\"");
        int email = out.indexOf(SUBSCRIBE_EMAIL);
        int emailEnd = email < 0 ? -1 : out.indexOf('>', email);
        if (emailEnd > 0) {
            out = out.substring(0, email) + TEMPLATES.render("slot/subscribe_email.jte",
                    Map.of("email", viewer.user().email())).strip() + out.substring(emailEnd + 1);
        }
        out = VISITOR_ONLY.matcher(out).replaceAll("");
        boolean admin = viewer.user().admin();
        String me = attribute(viewer.user().username());
        out = COMMENT_SLOT.matcher(out).replaceAll(m -> {
            boolean own = m.group(2).equals(me);
            if (!own && !admin) {
                return Matcher.quoteReplacement(m.group());
            }
            return Matcher.quoteReplacement(m.group() + TEMPLATES.render("slot/comment_actions.jte",
                    Map.of("id", Long.parseLong(m.group(1)), "csrf", csrf, "own", own, "admin", admin)));
        });
        if (admin) {
            out = PAPER_ADMIN_SLOT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(TEMPLATES.render(
                    "slot/paper_admin.jte", Map.of("paper", m.group(1), "action", m.group(2), "csrf", csrf))));
        }
        return pressVotes(out, voted).getBytes(StandardCharsets.UTF_8);
    }

    /** Turns the Save and "Not interested" forms of papers the viewer saved or dismissed into their undo forms. */
    private static String markSaves(String page, String csrf, Function<Collection<String>, ReaderMarks> marks) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        Matcher saves = SAVE_FORM.matcher(page);
        while (saves.find()) {
            ids.add(saves.group(2));
        }
        Matcher dismisses = DISMISS_FORM.matcher(page);
        while (dismisses.find()) {
            ids.add(dismisses.group(1));
        }
        ReaderMarks mine = ids.isEmpty() ? ReaderMarks.NONE : marks.apply(ids);
        String out = page;
        if (!mine.saved().isEmpty()) {
            out = SAVE_FORM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(!mine.saved().contains(m.group(2))
                    ? m.group() : TEMPLATES.render("slot/saved.jte",
                            Map.of("paper", m.group(2), "look", m.group(1), "csrf", csrf))));
        }
        if (!mine.dismissed().isEmpty()) {
            out = DISMISS_FORM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                    !mine.dismissed().contains(m.group(1)) ? m.group() : TEMPLATES.render("slot/dismissed.jte",
                            Map.of("paper", m.group(1), "csrf", csrf))));
        }
        return out;
    }

    private static String pressVotes(String page, Function<Collection<String>, Set<String>> voted) {
        Matcher m = VOTE_FORM.matcher(page);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        Set<String> mine = ids.isEmpty() ? Set.of() : voted.apply(ids);
        if (mine.isEmpty()) {
            return page;
        }
        return VOTE_FORM.matcher(page).replaceAll(r -> Matcher.quoteReplacement(mine.contains(r.group(1))
                ? r.group().replace("\"false\"", "\"true\"") : r.group()));
    }

    /** The text as jte writes it inside an attribute, to compare with or fill a page's attribute values. */
    static String attribute(String s) {
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
