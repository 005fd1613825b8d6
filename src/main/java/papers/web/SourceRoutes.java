package papers.web;

import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import papers.sources.SourceRunner;

/** {@code /admin/sources}: what {@code bin/papers sources} prints, for admins: each source's state and next run. */
public final class SourceRoutes {

    private final Supplier<List<SourceRunner.Status>> status;
    private final Templates templates;
    private final java.time.Clock clock;

    SourceRoutes(Supplier<List<SourceRunner.Status>> status, Templates templates, java.time.Clock clock) {
        this.status = status;
        this.templates = templates;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        WebServer.get(routes, "/admin/sources", ctx -> {
            AdminRoutes.admin(ctx);
            WebServer.send(ctx, templates.page(200, "admin_sources.jte",
                    Map.of("sources", status.get(), "now", clock.instant())));
        });
    }

    /** "3 min ago", "never": for the template. */
    public static String ago(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        return Freshness.label(at, now).replace("updated ", "");
    }
}
