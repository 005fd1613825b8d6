package papers.web;

import io.javalin.http.BadRequestResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import papers.community.RateLimiter;
import papers.community.SignedIn;
import papers.community.Submissions;
import papers.community.User;

/**
 * Paper submissions: the form at /submit (signed-in users; a listed paper sends the submitter to its page) and
 * {@code POST /api/papers/submit} with {@code {"arxivId": "..."}} (201 with the paper when this listed it, 200 when
 * it was listed before). Refusals answer with the rule's status and message.
 */
final class SubmitRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Submissions submissions;
    private final Auth auth;
    private final Templates templates;
    /** Every attempt may cost an arXiv request, refused ones included; the daily limit counts listings only. */
    private final RateLimiter perUser;

    SubmitRoutes(Submissions submissions, Auth auth, Templates templates, papers.community.RateLimits limits) {
        this.perUser = limits.limiter("submit-user", 10, Duration.ofMinutes(10));
        this.submissions = submissions;
        this.auth = auth;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/submit", ctx -> {
            Optional<SignedIn> viewer = Auth.viewer(ctx);
            if (viewer.isEmpty()) {
                ctx.redirect(SignInWall.loginFor("/submit"), HttpStatus.SEE_OTHER);
                return;
            }
            form(ctx, 200, viewer.get(), null, "");
        });
        routes.post("/submit", this::formSubmit);
        routes.post("/api/papers/submit", this::apiSubmit);
    }

    private void formSubmit(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect(SignInWall.loginFor("/submit"), HttpStatus.SEE_OTHER);
            return;
        }
        String text = Optional.ofNullable(ctx.formParam("arxivId")).orElse("");
        limit(viewer.get().user());
        try {
            Submissions.Outcome outcome = submissions.submit(viewer.get().user(), text);
            ctx.redirect(ListView.paperHref(outcome.paper()), HttpStatus.SEE_OTHER);
        } catch (Submissions.Refused e) {
            if (e.retryAfterSeconds > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
            }
            form(ctx, status(e.reason), viewer.get(), e.getMessage(), text);
        }
    }

    private void apiSubmit(Context ctx) {
        User user = auth.apiUser(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("the body must be JSON like {\"arxivId\": \"2405.15738\"}");
        }
        if (body == null || !body.isObject() || !body.path("arxivId").isTextual()) {
            throw new BadRequestResponse("arxivId: a string is required, like \"2405.15738\"");
        }
        limit(user);
        Submissions.Outcome outcome;
        try {
            outcome = submissions.submit(user, body.path("arxivId").asText());
        } catch (Submissions.Refused e) {
            if (e.retryAfterSeconds > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
            }
            WebServer.send(ctx, ResponseCache.Response.of(status(e.reason), "application/json",
                    WebServer.errorJson(e.getMessage())));
            return;
        }
        if (outcome.listedNow()) {
            ctx.header("Location", "/api/papers/" + outcome.paper().id());
        }
        WebServer.send(ctx, new ResponseCache.Response(outcome.listedNow() ? 201 : 200, "application/json",
                ApiJson.paper(outcome.paper())));
    }

    static int status(Submissions.Refusal reason) {
        return switch (reason) {
            case MALFORMED_ID -> 400;
            case NOT_ON_ARXIV -> 404;
            case TOO_OLD -> 422;
            case DAILY_LIMIT -> 429;
            case ARXIV_UNAVAILABLE -> 502;
            case HIDDEN -> 409;
        };
    }

    private void form(Context ctx, int status, SignedIn viewer, String error, String value) {
        Map<String, Object> params = new HashMap<>();
        params.put("csrf", viewer.csrfToken());
        params.put("error", error);
        params.put("value", value);
        params.put("maxAgeDays", submissions.maxAgeDays());
        params.put("dailyLimit", submissions.dailyLimit());
        WebServer.send(ctx, templates.page(status, "submit.jte", params));
    }

    private void limit(User user) {
        long retry = perUser.acquire("user:" + user.id());
        if (retry > 0) {
            throw WebServer.tooManyRequests("Too many submissions; wait a little.", retry);
        }
    }
}
