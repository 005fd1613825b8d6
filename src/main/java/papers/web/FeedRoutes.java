package papers.web;

import io.javalin.http.NotFoundResponse;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import papers.paper.PaperFilter;
import papers.feed.Feeds;
import papers.feed.PaperPage;
import papers.feed.Period;
import papers.feed.TexText;
import papers.paper.Author;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * RSS 2.0 and Atom 1.0 for every list: the list's path plus {@code /feed.atom} or {@code /feed.rss}, and
 * {@code /feed.atom}, {@code /feed.rss} for the newest day. Made with Rome, a feed library, so that escaping and the
 * formats' rules are its business. Each entry's id is the paper's arXiv abstract address: stable across requests,
 * servers and base addresses.
 */
final class FeedRoutes {

    /** Entries per feed: the first page of the list. */
    static final int ENTRIES = 50;

    private enum Format {
        ATOM("atom_1.0", "application/atom+xml; charset=utf-8", "feed.atom"),
        RSS("rss_2.0", "application/rss+xml; charset=utf-8", "feed.rss");

        final String romeType;
        final String contentType;
        final String file;

        Format(String romeType, String contentType, String file) {
            this.romeType = romeType;
            this.contentType = contentType;
            this.file = file;
        }
    }

    /** A list as a feed shows it: title, description, the HTML page's path and the papers. */
    private record FeedList(String title, String description, String pagePath, List<Paper> papers) { }

    private final PaperStore papers;
    private final Feeds feeds;
    private final ResponseCache cache;
    private final String baseUrl;

    /** @param baseUrl the site's public address for absolute links; null to use the address each request came to */
    FeedRoutes(PaperStore papers, Feeds feeds, ResponseCache cache, String baseUrl) {
        this.papers = papers;
        this.feeds = feeds;
        this.cache = cache;
        this.baseUrl = baseUrl;
    }

    void register(RoutesConfig routes) {
        for (Format format : Format.values()) {
            String f = "/" + format.file;
            WebServer.get(routes, f, ctx -> serve(ctx, format, c -> newestDay(DailyPapersQuery.filter(c))));
            WebServer.get(routes, "/papers/date/{day}" + f, ctx -> serve(ctx, format,
                    c -> period(PageRoutes.parse(() -> Period.parseDay(c.pathParam("day"))), DailyPapersQuery.filter(c))));
            WebServer.get(routes, "/papers/week/{week}" + f, ctx -> serve(ctx, format,
                    c -> period(PageRoutes.parse(() -> Period.parseWeek(c.pathParam("week"))), DailyPapersQuery.filter(c))));
            WebServer.get(routes, "/papers/month/{month}" + f, ctx -> serve(ctx, format,
                    c -> period(PageRoutes.parse(() -> Period.parseMonth(c.pathParam("month"))),
                            DailyPapersQuery.filter(c))));
            WebServer.get(routes, "/papers/trending" + f, ctx -> serve(ctx, format,
                    c -> trending(DailyPapersQuery.filter(c))));  // key: see serve
            WebServer.get(routes, "/orgs/{name}" + f, ctx -> serve(ctx, format, c -> organization(c.pathParam("name"),
                    DailyPapersQuery.filter(c))));
            WebServer.get(routes, "/authors/{name}" + f, ctx -> serve(ctx, format, c -> author(c.pathParam("name"),
                    DailyPapersQuery.filter(c))));
        }
    }

    private void serve(Context ctx, Format format, Function<Context, FeedList> list) {
        String base = baseUrl != null ? baseUrl : ctx.scheme() + "://" + ctx.host();
        // The base is part of the key: without a configured base, two host names get their own absolute links.
        String filter = DailyPapersQuery.filter(ctx).query(); // category=, has_code= (a bad one is a 400 here)
        String key = base + ctx.path() + (filter.isEmpty() ? "" : "?" + filter)
                + (ctx.path().startsWith("/papers/trending/") ? "@" + feeds.trendingHour() : "");
        cache.serve(ctx, key, () -> {
            FeedList l = list.apply(ctx);
            return ResponseCache.Response.of(200, format.contentType, write(l, format, base, ctx.path()));
        });
    }

    private FeedList newestDay(PaperFilter filter) {
        Optional<LocalDate> newest = feeds.newestDay();
        if (newest.isEmpty()) {
            return new FeedList("Daily Papers", "The research papers that matter each day, ranked by the community.",
                    "/", List.of());
        }
        FeedList day = period(new Period.Day(newest.get()), filter);
        return new FeedList(day.title(), day.description(), "/", day.papers());
    }

    private FeedList period(Period period, PaperFilter filter) {
        PaperPage page = feeds.period(period, 0, ENTRIES, filter);
        String kind = switch (period) {
            case Period.Day d -> "Daily Papers";
            case Period.Week w -> "Papers of the week";
            case Period.Month m -> "Papers of the month";
        };
        return new FeedList(kind + ": " + period.label(), "The most upvoted papers of " + period.label() + ".",
                period.path(), page.papers());
    }

    private FeedList trending(PaperFilter filter) {
        return new FeedList("Trending papers | Daily Papers",
                "Upvotes weighed by freshness over the last week of listings.", "/papers/trending",
                feeds.trending(0, ENTRIES, filter).papers());
    }

    private FeedList organization(String name, PaperFilter filter) {
        String display = papers.organization(name)
                .orElseThrow(() -> new NotFoundResponse("No organization called '" + name + "' here."))
                .displayName();
        return new FeedList(display + " | Daily Papers", "Papers from " + display + ", newest first.",
                ListView.orgHref(name), feeds.byOrganization(name, 0, ENTRIES, filter).papers());
    }

    /** An unknown author is a 404; a known one whose papers the filter all leaves out is an empty feed. */
    private FeedList author(String name, PaperFilter filter) {
        PaperPage page = feeds.byAuthor(name, 0, ENTRIES, filter);
        if (page.total() == 0 && (filter.isNone() || papers.countByAuthor(name) == 0)) {
            throw new NotFoundResponse("No papers by an author called '" + name + "' here.");
        }
        return new FeedList(name + " | Daily Papers", "Papers by " + name + ", newest first.",
                ListView.authorHref(name), page.papers());
    }

    private static String write(FeedList list, Format format, String base, String selfPath) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType(format.romeType);
        feed.setTitle(list.title());
        feed.setDescription(list.description());
        feed.setLink(base + list.pagePath());
        feed.setUri(base + list.pagePath()); // the Atom feed id: the list's page
        feed.setLanguage("en");
        SyndLink self = link(base + selfPath, "self", format.contentType.substring(0, format.contentType.indexOf(';')));
        SyndLink page = link(base + list.pagePath(), "alternate", "text/html");
        feed.setLinks(List.of(page, self));
        feed.setPublishedDate(Date.from(newest(list.papers())));
        List<SyndEntry> entries = new ArrayList<>();
        for (Paper p : list.papers()) {
            entries.add(entry(p, base, format));
        }
        feed.setEntries(entries);
        try {
            return new SyndFeedOutput().outputString(feed, true);
        } catch (FeedException e) {
            throw new IllegalStateException("could not write the " + format.file + " of " + list.pagePath(), e);
        }
    }

    /**
     * Text without the characters XML 1.0 cannot carry: imports drop them now, but a row stored before that would
     * otherwise make the whole feed fail.
     */
    static String xmlSafe(String s) {
        if (s == null || s.chars().allMatch(c -> c >= 0x20 && c < 0xD800 || c == '\t' || c == '\n' || c == '\r'
                || c >= 0xE000 && c <= 0xFFFD)) {
            return s; // the common case, surrogate pairs aside: no copy
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static SyndEntry entry(Paper p, String base, Format format) {
        SyndEntry e = new SyndEntryImpl();
        e.setTitle(xmlSafe(TexText.plain(p.title()))); // feed readers show text: TeX as Unicode
        String pageUrl = base + ListView.paperHref(p);
        e.setLink(pageUrl);
        e.setUri(p.arxivAbsUrl());
        List<SyndLink> links = new ArrayList<>();
        links.add(link(pageUrl, "alternate", "text/html"));
        links.add(link(p.arxivAbsUrl(), "related", "text/html"));
        links.add(link(p.arxivPdfUrl(), "related", "application/pdf"));
        e.setLinks(links);
        List<SyndPerson> authors = new ArrayList<>();
        for (Author a : p.authors()) {
            SyndPerson person = new SyndPersonImpl();
            person.setName(xmlSafe(a.name()));
            authors.add(person);
        }
        if (format == Format.ATOM) {
            e.setAuthors(authors);
        } else { // RSS's <author> is an email address: names go in Dublin Core, one dc:creator each
            ((DCModule) e.getModule(DCModule.URI)).setCreators(p.authors().stream().map(a -> xmlSafe(a.name())).toList());
        }
        SyndContent summary = new SyndContentImpl();
        summary.setType("text/plain");
        summary.setValue(xmlSafe(TexText.plain(p.abstractText())));
        e.setDescription(summary);
        Instant published = p.publishedAt() != null ? p.publishedAt() : listed(p);
        e.setPublishedDate(Date.from(published));
        e.setUpdatedDate(Date.from(listed(p).isAfter(published) ? listed(p) : published));
        return e;
    }

    private static Instant listed(Paper p) {
        if (p.listedOn() != null) {
            return p.listedOn().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return p.publishedAt() != null ? p.publishedAt() : Instant.EPOCH;
    }

    /** The feed's date: its newest paper's, so that an unchanged list gives an unchanged feed. */
    private static Instant newest(List<Paper> list) {
        return list.stream().map(FeedRoutes::listed).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static SyndLink link(String href, String rel, String type) {
        SyndLink l = new SyndLinkImpl();
        l.setHref(href);
        l.setRel(rel);
        l.setType(type);
        return l;
    }
}
