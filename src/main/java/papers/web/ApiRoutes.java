package papers.web;

import io.javalin.config.RoutesConfig;
import papers.feed.Feeds;
import papers.paper.PaperStore;

/** The Hugging Face-compatible JSON API under /api. */
final class ApiRoutes {

    private final PaperStore papers;
    private final Feeds feeds;
    private final ResponseCache cache;

    ApiRoutes(PaperStore papers, Feeds feeds, ResponseCache cache) {
        this.papers = papers;
        this.feeds = feeds;
        this.cache = cache;
    }

    void register(RoutesConfig routes) {
        // filled in by the API work
    }
}
