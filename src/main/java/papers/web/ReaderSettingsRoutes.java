package papers.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import papers.community.SignedIn;
import papers.community.User;
import papers.recommend.LibraryImport;
import papers.recommend.Mutes;
import papers.recommend.ReaderStore;

/**
 * What a reader tells "For you" besides their papers: mutes (words, categories, authors), saved topics and a
 * library to import, on the settings page {@code /for-you/settings} (plain forms) and through the JSON API
 * ({@code /api/me/mutes}, {@code /api/me/library}). Bad values are 400s with the reader's message.
 */
final class ReaderSettingsRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest library file read. */
    static final int MAX_LIBRARY_BYTES = 5 * 1024 * 1024;

    private final ReaderStore readers;
    private final LibraryImport library;
    private final Auth auth;
    private final Templates templates;

    ReaderSettingsRoutes(ReaderStore readers, LibraryImport library, Auth auth, Templates templates) {
        this.readers = readers;
        this.library = library;
        this.auth = auth;
        this.templates = templates;
    }

    /** @param reader the user of an API read (a token's, or the session's) */
    void register(RoutesConfig routes, Function<Context, User> reader) {
        WebServer.get(routes, "/for-you/settings", this::settings);
        routes.post("/for-you/mutes", this::muteForm);
        routes.post("/for-you/topics", this::topicForm);
        routes.post("/for-you/import", this::importForm);
        WebServer.get(routes, "/api/me/mutes", ctx -> sendMutes(ctx, reader.apply(ctx)));
        routes.addHttpHandler(HandlerType.POST, "/api/me/mutes", ctx -> apiMute(ctx, true));
        routes.addHttpHandler(HandlerType.DELETE, "/api/me/mutes", ctx -> apiMute(ctx, false));
        routes.addHttpHandler(HandlerType.POST, "/api/me/library", this::apiLibrary);
    }

    /** Adds a topic (at most 100 characters); a bad one is a 400. */
    static void addTopic(ReaderStore readers, long user, String topic) {
        if (topic.length() > 100) {
            throw new io.javalin.http.BadRequestResponse("a topic has at most 100 characters, got " + topic.length());
        }
        try {
            readers.addTopic(user, topic);
        } catch (IllegalStateException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
    }

    private void settings(Context ctx) {
        SignedIn viewer = ForYouRoutes.viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        long user = viewer.user().id();
        Map<String, Object> model = new HashMap<>();
        model.put("mutes", readers.mutes(user));
        model.put("topics", readers.topics(user));
        model.put("notice", String.valueOf(Optional.ofNullable(ctx.queryParam("notice")).orElse("")));
        WebServer.send(ctx, templates.page(200, "for_you_settings.jte", model));
    }

    private void muteForm(Context ctx) {
        SignedIn viewer = ForYouRoutes.viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        mute(viewer.user().id(), ctx.formParam("kind"), ctx.formParam("value"), !"0".equals(ctx.formParam("on")));
        ctx.redirect("/for-you/settings", HttpStatus.SEE_OTHER);
    }

    private void mute(long user, String kindRaw, String value, boolean on) {
        Mutes.Kind kind;
        String normalized;
        try {
            kind = Mutes.Kind.fromKey(String.valueOf(kindRaw));
            normalized = on ? Mutes.normalize(kind, value) : String.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
        try {
            if (on) {
                readers.mute(user, kind, normalized);
            } else {
                readers.unmute(user, kind, normalized);
            }
        } catch (IllegalStateException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
    }

    private void topicForm(Context ctx) {
        SignedIn viewer = ForYouRoutes.viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        String topic = String.valueOf(ctx.formParam("topic")).strip();
        if (topic.isEmpty() || "null".equals(topic)) {
            throw new io.javalin.http.BadRequestResponse("'topic' must say what to look for, like: speech recognition");
        }
        if ("0".equals(ctx.formParam("on"))) {
            readers.removeTopic(viewer.user().id(), topic);
        } else {
            addTopic(readers, viewer.user().id(), topic);
        }
        ctx.redirect(VoteRoutes.backTo(ctx.header("Referer"), "/for-you/settings"), HttpStatus.SEE_OTHER);
    }

    private void importForm(Context ctx) {
        SignedIn viewer = ForYouRoutes.viewerOrLogin(ctx);
        if (viewer == null) {
            return;
        }
        String text;
        UploadedFile file = ctx.uploadedFile("library");
        if (file != null && file.size() > 0) {
            if (file.size() > MAX_LIBRARY_BYTES) {
                throw new io.javalin.http.BadRequestResponse("the file is larger than " + MAX_LIBRARY_BYTES / (1024 * 1024) + " MB");
            }
            try (InputStream in = file.content()) {
                text = new String(in.readNBytes(MAX_LIBRARY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new io.javalin.http.BadRequestResponse("the file could not be read: " + e.getMessage());
            }
        } else {
            text = ctx.formParam("text");
        }
        if (text == null || text.isBlank()) {
            throw new io.javalin.http.BadRequestResponse("choose a library file (BibTeX, RIS, Zotero CSV or JSON) or paste one");
        }
        LibraryImport.Result result = runImport(viewer.user().id(), text);
        Map<String, Object> model = new HashMap<>();
        model.put("result", result);
        WebServer.send(ctx, templates.page(200, "for_you_import.jte", model));
    }

    private LibraryImport.Result runImport(long user, String text) {
        try {
            return library.run(user, text);
        } catch (IllegalArgumentException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
    }

    private void apiLibrary(Context ctx) {
        User user = auth.apiUser(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_LIBRARY_BYTES) {
            throw new io.javalin.http.BadRequestResponse("the library is larger than " + MAX_LIBRARY_BYTES / (1024 * 1024) + " MB");
        }
        LibraryImport.Result r = runImport(user.id(), new String(body, StandardCharsets.UTF_8));
        ObjectNode out = JSON.createObjectNode();
        out.put("entries", r.entries()).put("matched", r.matched()).put("added", r.added());
        ArrayNode unmatched = out.putArray("unmatched");
        r.unmatched().forEach(unmatched::add);
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON, out.toString()));
    }

    private void apiMute(Context ctx, boolean on) {
        User user = auth.apiUser(ctx);
        String kind;
        String value;
        if (on) {
            JsonNode body;
            try {
                body = JSON.readTree(ctx.body());
            } catch (IOException e) {
                throw new io.javalin.http.BadRequestResponse("the body must be JSON like {\"kind\": \"word\", \"value\": \"benchmark\"}");
            }
            if (body == null || !body.isObject()) {
                throw new io.javalin.http.BadRequestResponse("the body must be JSON like {\"kind\": \"word\", \"value\": \"benchmark\"}");
            }
            kind = body.path("kind").asText(null);
            value = body.path("value").asText(null);
        } else {
            kind = ctx.queryParam("kind");
            value = ctx.queryParam("value");
        }
        mute(user.id(), kind, value, on);
        sendMutes(ctx, user);
    }

    private void sendMutes(Context ctx, User user) {
        Mutes m = readers.mutes(user.id());
        ObjectNode out = JSON.createObjectNode();
        m.words().stream().sorted().forEach(out.putArray("words")::add);
        m.categories().stream().sorted().forEach(out.putArray("categories")::add);
        m.authors().stream().sorted().forEach(out.putArray("authors")::add);
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON, out.toString()));
    }
}
