package papers.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.community.SignedIn;
import papers.community.User;
import papers.feed.PaperPage;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.recommend.Citations;
import papers.recommend.ReaderStore;

/**
 * Saves and dismissals: the Save and "Not interested" buttons of every card, search result, similar paper and paper
 * page (plain form POSTs to /save, /unsave, /dismiss and /undismiss, then back; no JavaScript; a signed-in reader's
 * saved and dismissed papers show "Saved · Unsave" and "Not interested · Undo", filled in by {@link ViewerSlots}), the private reading list {@code /saved} with its BibTeX and
 * RIS exports, and the JSON API's POST/DELETE /api/papers/{id}/save and /dismiss and GET /api/me/saved.
 */
final class SavedRoutes {

    /** Most papers one export holds: the whole list of a heavy reader. */
    static final int EXPORT_LIMIT = ReaderStore.MAX_PAPERS;

    private final ReaderStore readers;
    private final PaperStore papers;
    private final Auth auth;
    private final Templates templates;

    SavedRoutes(ReaderStore readers, PaperStore papers, Auth auth, Templates templates) {
        this.readers = readers;
        this.papers = papers;
        this.auth = auth;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        // Which papers of a page the viewer saved or dismissed, looked up only when a page with Save forms is sent.
        routes.before(ctx -> Auth.viewer(ctx).ifPresent(v -> ctx.attribute(ViewerSlots.READER_MARKS,
                (java.util.function.Function<java.util.Collection<String>, ViewerSlots.ReaderMarks>) ids ->
                        new ViewerSlots.ReaderMarks(readers.among(v.user().id(), ReaderStore.Kind.SAVE, ids),
                                readers.among(v.user().id(), ReaderStore.Kind.DISMISS, ids)))));
        routes.post("/save", ctx -> form(ctx, ReaderStore.Kind.SAVE, true), Auth.CsrfRole.VISITORS_EXEMPT);
        routes.post("/unsave", ctx -> form(ctx, ReaderStore.Kind.SAVE, false));
        routes.post("/dismiss", ctx -> form(ctx, ReaderStore.Kind.DISMISS, true), Auth.CsrfRole.VISITORS_EXEMPT);
        routes.post("/undismiss", ctx -> form(ctx, ReaderStore.Kind.DISMISS, false));
        WebServer.get(routes, "/saved", this::page);
        WebServer.get(routes, "/saved.bib", ctx -> export(ctx, "bibtex"));
        WebServer.get(routes, "/saved.ris", ctx -> export(ctx, "ris"));
        for (String what : List.of("save", "dismiss")) {
            ReaderStore.Kind kind = what.equals("save") ? ReaderStore.Kind.SAVE : ReaderStore.Kind.DISMISS;
            routes.addHttpHandler(HandlerType.POST, "/api/papers/<id>/" + what, ctx -> api(ctx, kind, true));
            routes.addHttpHandler(HandlerType.DELETE, "/api/papers/<id>/" + what, ctx -> api(ctx, kind, false));
        }
        WebServer.get(routes, "/api/me/saved", this::apiSaved);
    }

    private void form(Context ctx, ReaderStore.Kind kind, boolean on) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) { // nothing changes for a visitor: send them to log in first
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        String id = ArxivId.parse(String.valueOf(ctx.formParam("paper"))).map(ArxivId::id)
                .orElseThrow(() -> new io.javalin.http.BadRequestResponse("'paper' must be an arXiv id"));
        change(viewer.get().user(), kind, id, on);
        ctx.redirect(VoteRoutes.back(ctx.header("Referer"), id), HttpStatus.SEE_OTHER);
    }

    private void change(User user, ReaderStore.Kind kind, String id, boolean on) {
        try {
            if (on) {
                readers.add(user.id(), kind, id);
                if (kind == ReaderStore.Kind.DISMISS) { // "not interested" and "saved" cannot both hold
                    readers.remove(user.id(), ReaderStore.Kind.SAVE, id);
                } else {
                    readers.remove(user.id(), ReaderStore.Kind.DISMISS, id);
                }
            } else {
                readers.remove(user.id(), kind, id);
            }
        } catch (IllegalArgumentException e) {
            throw new io.javalin.http.NotFoundResponse(e.getMessage());
        } catch (IllegalStateException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
    }

    private void api(Context ctx, ReaderStore.Kind kind, boolean on) {
        User user = auth.apiUser(ctx);
        String raw = ctx.pathParam("id");
        String id = ArxivId.parse(raw).map(ArxivId::id)
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("'" + raw + "' is not an arXiv id"));
        change(user, kind, id, on);
        String field = kind == ReaderStore.Kind.SAVE ? "saved" : "dismissed";
        WebServer.send(ctx, ResponseCache.Response.of(200, ApiRoutes.JSON,
                "{\"id\":\"" + id + "\",\"" + field + "\":" + on + "}"));
    }

    private void page(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        long user = viewer.get().user().id();
        int pageNumber = PageRoutes.pageParam(ctx);
        int size = PageRoutes.PAGE_SIZE;
        PaperPage page = new PaperPage(inOrder(readers.papers(user, ReaderStore.Kind.SAVE, size, pageNumber * size)),
                pageNumber, size, readers.count(user, ReaderStore.Kind.SAVE));
        ListView view = new ListView("Saved | Daily Papers", "Saved",
                page.total() == 0 ? null : ListView.plural(page.total(), "paper", "papers")
                        + " on your reading list, last saved first. Only you see it.",
                page, "/saved", null, null, List.of(),
                "Nothing saved yet. Press Save on any paper to keep it here; export the list as BibTeX or RIS.",
                true);
        WebServer.send(ctx, templates.page(200, "saved.jte", Map.of("view", view)));
    }

    private void export(Context ctx, String format) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        sendExport(ctx, viewer.get().user(), format);
    }

    private void sendExport(Context ctx, User user, String format) {
        List<Paper> list = inOrder(readers.papers(user.id(), ReaderStore.Kind.SAVE, EXPORT_LIMIT, 0));
        ctx.header("Cache-Control", "private, no-store");
        if (format.equals("bibtex")) {
            ctx.header("Content-Disposition", "attachment; filename=\"saved.bib\"");
            WebServer.send(ctx, ResponseCache.Response.of(200, "application/x-bibtex; charset=utf-8",
                    Citations.bibtex(list)));
        } else {
            ctx.header("Content-Disposition", "attachment; filename=\"saved.ris\"");
            WebServer.send(ctx, ResponseCache.Response.of(200, "application/x-research-info-systems; charset=utf-8",
                    Citations.ris(list)));
        }
    }

    /** {@code ?format=bibtex|ris} for an export, else daily_papers-shaped items; {@code p} and {@code limit}. */
    private void apiSaved(Context ctx) {
        Optional<SignedIn> viewer = Auth.viewer(ctx);
        User user = ctx.header("Authorization") == null && viewer.isPresent() ? viewer.get().user() : auth.apiUser(ctx);
        ctx.header("Cache-Control", "private, no-store");
        String format = ctx.queryParam("format");
        if (format != null && !format.isEmpty()) {
            if (!format.equals("bibtex") && !format.equals("ris") && !format.equals("json")) {
                throw new io.javalin.http.BadRequestResponse("format: must be json, bibtex or ris, got '" + format + "'");
            }
            if (!format.equals("json")) {
                sendExport(ctx, user, format);
                return;
            }
        }
        int limit = DailyPapersQuery.number(ctx, "limit", 50, 1, 100);
        int page = DailyPapersQuery.number(ctx, "p", 0, 0, DailyPapersQuery.MAX_PAGE);
        WebServer.send(ctx, new ResponseCache.Response(200, ApiRoutes.JSON, ApiJson.dailyPapers(
                inOrder(readers.papers(user.id(), ReaderStore.Kind.SAVE, limit, page * limit)))));
    }

    private List<Paper> inOrder(List<String> ids) {
        Map<String, Paper> byId = papers.findAll(ids);
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }
}
