package papers.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;
import papers.community.Follow;

/**
 * The Follow button of an author or organization page. The page is cached without any account in it, so the button
 * is rendered as "Follow" (with an empty CSRF field, like the upvote forms); when the page goes to a signed-in viewer
 * who follows it, {@link #personalize} fills it with {@code slot/unfollow.jte} ("Unfollow"). Only pages that offer a button pay for the lookup.
 *
 * @param kind   the {@link Follow.Kind#key()} sent by the form
 * @param target the author's name or the organization's short name, as its page is keyed
 */
public record FollowButton(String kind, String target) {

    /** The page's follow target, set by its route (see {@link #offer}). */
    private static final String TARGET = "papers.follow.target";
    /** Whether the viewer follows a target, set for signed-in viewers by {@link FollowRoutes}. */
    static final String CHECKER = "papers.follow.checker";

    static final String NOT_FOLLOWING =
            "<input type=\"hidden\" name=\"on\" value=\"1\"><button type=\"submit\" aria-pressed=\"false\">Follow</button>";
    /** The Unfollow button's inside, rendered once from its jte fragment. */
    static final String FOLLOWING = new Templates().render("slot/unfollow.jte", java.util.Map.of()).strip();

    /** The button for this page's target; remembers the target so the button can be personalized when sent. */
    static FollowButton offer(Context ctx, Follow.Kind kind, String target) {
        Follow follow = new Follow(kind, target, null);
        ctx.attribute(TARGET, follow);
        return new FollowButton(kind.key(), target);
    }

    /** The page with its Follow button turned to Unfollow when the signed-in viewer follows the page's target. */
    static byte[] personalize(byte[] html, Context ctx) {
        Follow target = ctx.attribute(TARGET);
        BiPredicate<Follow.Kind, String> follows = ctx.attribute(CHECKER);
        if (target == null || follows == null || !follows.test(target.kind(), target.target())) {
            return html;
        }
        String page = new String(html, StandardCharsets.UTF_8);
        return page.replace(NOT_FOLLOWING, FOLLOWING).getBytes(StandardCharsets.UTF_8);
    }
}
