package papers.web;

import io.javalin.config.RoutesConfig;
import papers.feed.Feeds;
import papers.paper.PaperStore;

/** RSS 2.0 and Atom 1.0 for every list: the list's path plus /feed.atom or /feed.rss. */
final class FeedRoutes {

    private final PaperStore papers;
    private final Feeds feeds;
    private final ResponseCache cache;

    FeedRoutes(PaperStore papers, Feeds feeds, ResponseCache cache) {
        this.papers = papers;
        this.feeds = feeds;
        this.cache = cache;
    }

    void register(RoutesConfig routes) {
        // filled in by the feeds work
    }
}
