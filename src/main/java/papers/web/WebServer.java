package papers.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;

/** The HTTP face of Daily Papers: server-rendered pages from precompiled jte templates. */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    static final int PAGE_SIZE = 50;
    private static final String OWN_404 = "papers.own404";

    private final PaperStore papers;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    public WebServer(PaperStore papers) {
        this.papers = papers;
    }

    public Javalin create() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            config.routes.get("/", this::frontPage);
            config.routes.get("/papers/<id>", this::paperPage);
            config.routes.error(404, ctx -> {
                if (ctx.attribute(OWN_404) == null) { // Javalin's plain-text 404 for paths no route matches
                    notFound(ctx, "There is no page at " + ctx.path() + ".");
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/plain; charset=utf-8")
                        .result("Something went wrong on our side; it has been logged.");
            });
        });
    }

    private void frontPage(Context ctx) {
        Optional<LocalDate> day = papers.newestListingDay();
        List<Paper> list = day.map(d -> papers.listedOn(d, PAGE_SIZE, 0)).orElse(List.of());
        render(ctx, "day.jte", Map.of("page", new DayPage(day.orElse(null), list)));
    }

    private void paperPage(Context ctx) {
        String raw = ctx.pathParam("id");
        Optional<ArxivId> parsed = ArxivId.parse(raw);
        if (parsed.isEmpty()) {
            notFound(ctx, "'" + raw + "' is not an arXiv id (like 2405.15738 or hep-th/9901001).");
            return;
        }
        String id = parsed.get().id();
        if (!id.equals(raw)) { // a version or another spelling: one canonical address per paper
            ctx.redirect("/papers/" + id, HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        Optional<Paper> paper = papers.find(id);
        if (paper.isEmpty()) {
            notFound(ctx, "No paper " + id + " here yet.");
            return;
        }
        render(ctx, "paper.jte", Map.of("paper", paper.get()));
    }

    private void notFound(Context ctx, String message) {
        ctx.attribute(OWN_404, true);
        ctx.status(HttpStatus.NOT_FOUND);
        render(ctx, "not_found.jte", Map.of("message", message));
    }

    private void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.html(out.toString());
    }
}
