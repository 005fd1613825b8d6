package papers.web;

import io.javalin.http.NotFoundResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import papers.community.AccountStore;
import papers.community.ClaimStore;
import papers.community.SubmissionStore;
import papers.community.User;
import papers.community.VoteStore;
import papers.paper.Paper;
import papers.paper.PaperStore;

/** A user's public page, /users/{username}: the papers they wrote (approved claims), submitted and upvoted. */
final class ProfileRoutes {

    private final AccountStore accounts;
    private final VoteStore votes;
    private final ClaimStore claims;
    private final SubmissionStore submissions;
    private final PaperStore papers;
    private final Templates templates;

    ProfileRoutes(AccountStore accounts, VoteStore votes, ClaimStore claims, SubmissionStore submissions,
                  PaperStore papers, Templates templates) {
        this.accounts = accounts;
        this.votes = votes;
        this.claims = claims;
        this.submissions = submissions;
        this.papers = papers;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/users/{username}", this::profile);
    }

    /** Newest first in each list. Banned users have no page. */
    private void profile(Context ctx) {
        String name = ctx.pathParam("username");
        User user = accounts.findUser(name).filter(u -> !u.banned())
                .orElseThrow(() -> new NotFoundResponse("No user called '" + name + "' here."));
        List<String> upvoted = votes.recentlyUpvoted(user.id(), 50);
        List<String> authored = claims.papersOf(user.id(), 100);
        List<String> submitted = submissions.recentlySubmitted(user.id(), 50);
        // One read for all three lists.
        Map<String, Paper> byId = papers.findAll(Stream.of(upvoted, authored, submitted).flatMap(List::stream).toList());
        WebServer.send(ctx, templates.page(200, "user.jte", Map.of("user", user,
                "upvoted", papersOf(upvoted, byId),
                "authored", papersOf(authored, byId),
                "submitted", papersOf(submitted, byId))));
    }

    /** The papers of {@code ids} in order; hidden or deleted ones (absent from {@code byId}) are left out. */
    private static List<Paper> papersOf(List<String> ids, Map<String, Paper> byId) {
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }
}
