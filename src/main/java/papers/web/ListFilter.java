package papers.web;

import io.javalin.http.Context;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import papers.paper.Paper;
import papers.paper.PaperFilter;

/**
 * What a list page keeps, read once from its URL: the {@code category=}/{@code has_code=} filter (the same for every
 * reader, so a filtered page is cached like any other) and {@code hide_muted=1}, which for a signed-in reader with
 * "For you" leaves out their muted papers (a page of their own, never cached). Every list asks it: day, week, month,
 * trending, author, organization and {@code /my}.
 *
 * @param filter    the category and code filter ({@link PaperFilter#NONE} when none)
 * @param hideMuted whether the URL asked to hide muted papers
 * @param muted     the viewer's mutes as "hides this paper", or null when nothing is hidden for this request
 */
record ListFilter(PaperFilter filter, boolean hideMuted, Predicate<Paper> muted) {

    /** The URL's filter; {@code mutesOf} gives a reader's mutes (null: no "For you" on this site). */
    static ListFilter of(Context ctx, LongFunction<Predicate<Paper>> mutesOf) {
        PaperFilter filter = DailyPapersQuery.filter(ctx); // an unknown category is a 400 here
        boolean hide = "1".equals(ctx.queryParam("hide_muted"));
        Predicate<Paper> muted = hide && mutesOf != null
                ? Auth.viewer(ctx).map(v -> mutesOf.apply(v.user().id())).orElse(null) : null;
        return new ListFilter(filter, hide, muted);
    }

    /** Whether the page depends on who asks (it hides their mutes): such a page is sent, never cached. */
    boolean personal() {
        return muted != null;
    }

    /** Whether the list is narrowed at all (the empty state then says the filter left nothing). */
    boolean narrows() {
        return !filter.isNone() || personal();
    }

    /**
     * The papers kept: the {@link PaperFilter} itself when no mutes apply (so {@code Feeds} sees an empty filter and
     * reads the plain list), else the filter and the mutes together.
     */
    Predicate<Paper> keep() {
        if (muted == null) {
            return filter;
        }
        Predicate<Paper> hidden = muted;
        return p -> filter.test(p) && !hidden.test(p);
    }

    /** The list's path with the parameters it was asked with, for its pager, filter form and feed links. */
    String on(String path) {
        String query = filter.query();
        if (hideMuted) {
            query = query.isEmpty() ? "hide_muted=1" : query + "&hide_muted=1";
        }
        return query.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + query;
    }

    /** The cache key's part for this filter (hide_muted included: a visitor's copy differs by nothing else). */
    String keyPart() {
        return (filter.isNone() ? "" : "|" + filter) + (hideMuted ? "|hide_muted" : "");
    }
}
