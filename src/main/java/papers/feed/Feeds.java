package papers.feed;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import papers.paper.Paper;
import papers.paper.PaperStore;

/** The lists readers browse: a day, week or month ranked by upvotes, trending, and per organization or author. */
public final class Feeds {

    /** No page shows more than this many papers. */
    public static final int MAX_PAGE_SIZE = 100;
    /** Trending considers at most this many candidates (the most upvoted of its window). */
    private static final int TRENDING_CANDIDATES = 2_000;

    private final PaperStore store;
    private final Clock clock;

    public Feeds(PaperStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The current hour, for cache keys of trending lists: their order changes with time alone, so a cached one is
     * good for the hour at most.
     */
    public long trendingHour() {
        return clock.millis() / 3_600_000L;
    }

    public Optional<LocalDate> newestDay() {
        return store.newestListingDay();
    }

    /** The period's papers, most upvoted first (ties: more comments, then newer). */
    public PaperPage period(Period period, int page, int size) {
        checkPage(page, size);
        List<Paper> papers = store.listedBetween(period.first(), period.last(), size, page * size);
        return new PaperPage(papers, page, size, store.countListedBetween(period.first(), period.last()));
    }

    /**
     * Filtered lists read the span's papers (at most {@value #FILTERED_CANDIDATES}, the most upvoted) and keep those
     * the filter lets through: a month holds a few thousand papers at most, and no index serves categories yet.
     */
    public static final int FILTERED_CANDIDATES = 5_000;

    /** The period's papers the filter lets through, ranked as {@link #period(Period, int, int)}. */
    public PaperPage period(Period period, int page, int size, java.util.function.Predicate<Paper> filter) {
        if (filter instanceof papers.paper.PaperFilter f && f.isNone()) {
            return period(period, page, size);
        }
        checkPage(page, size);
        return PaperPage.slice(store.listedBetween(period.first(), period.last(), FILTERED_CANDIDATES, 0).stream()
                .filter(filter).toList(), page, size);
    }

    /** Trending papers the filter lets through. */
    public PaperPage trending(int page, int size, java.util.function.Predicate<Paper> filter) {
        if (filter instanceof papers.paper.PaperFilter f && f.isNone()) {
            return trending(page, size);
        }
        checkPage(page, size);
        Optional<LocalDate> newest = newestDay();
        if (newest.isEmpty()) {
            return new PaperPage(List.of(), page, size, 0);
        }
        LocalDate last = newest.get();
        List<Paper> recent = store.listedBetween(last.minusDays(Trending.WINDOW_DAYS - 1L), last,
                TRENDING_CANDIDATES, 0).stream().filter(filter).toList();
        return PaperPage.slice(Trending.rank(recent, clock.instant()), page, size);
    }

    /** {@link #listed(LocalDate, LocalDate, String, Sort, int, int)} keeping only what the filter lets through. */
    public PaperPage listed(LocalDate first, LocalDate last, String submitter, Sort sort, int page, int size,
                            papers.paper.PaperFilter filter) {
        if (filter.isNone()) {
            return listed(first, last, submitter, sort, page, size);
        }
        checkPage(page, size);
        List<Paper> all = store.listed(first, last, submitter, sort == Sort.NEWEST ? PaperStore.ListOrder.NEWEST
                : PaperStore.ListOrder.UPVOTES, FILTERED_CANDIDATES, 0).stream().filter(filter).toList();
        return PaperPage.slice(sort == Sort.TRENDING ? Trending.rank(all, clock.instant()) : all, page, size);
    }

    /** The period's papers by trending score (for {@code sort=trending}). */
    public PaperPage periodTrending(Period period, int page, int size) {
        checkPage(page, size);
        List<Paper> all = store.listedBetween(period.first(), period.last(), TRENDING_CANDIDATES, 0);
        return PaperPage.slice(Trending.rank(all, clock.instant()), page, size);
    }

    /** Papers of the last {@link Trending#WINDOW_DAYS} listing days up to the newest, by trending score. */
    public PaperPage trending(int page, int size) {
        checkPage(page, size);
        Optional<LocalDate> newest = newestDay();
        if (newest.isEmpty()) {
            return new PaperPage(List.of(), page, size, 0);
        }
        LocalDate last = newest.get();
        List<Paper> recent = store.listedBetween(last.minusDays(Trending.WINDOW_DAYS - 1L), last,
                TRENDING_CANDIDATES, 0);
        return PaperPage.slice(Trending.rank(recent, clock.instant()), page, size);
    }

    /** Papers a community member put on the feed within the period, ranked like the period. */
    public PaperPage submittedBy(String submitter, Period period, int page, int size) {
        checkPage(page, size);
        return new PaperPage(store.submittedBy(submitter, period.first(), period.last(), size, page * size), page,
                size, store.countSubmittedBy(submitter, period.first(), period.last()));
    }

    /** The orders the JSON API offers ({@code sort=}): the pages' ranking, newest first, trending. */
    public enum Sort { UPVOTES, NEWEST, TRENDING }

    /**
     * Papers listed from {@code first} to {@code last} (inclusive), only those {@code submitter} put on the feed when
     * it is not null, in the given order. Trending ranks the most upvoted {@value #TRENDING_CANDIDATES} of the span.
     */
    public PaperPage listed(LocalDate first, LocalDate last, String submitter, Sort sort, int page, int size) {
        checkPage(page, size);
        return switch (sort) {
            case UPVOTES, NEWEST -> new PaperPage(store.listed(first, last, submitter,
                    sort == Sort.UPVOTES ? PaperStore.ListOrder.UPVOTES : PaperStore.ListOrder.NEWEST, size,
                    page * size), page, size, store.countListed(first, last, submitter));
            case TRENDING -> PaperPage.slice(Trending.rank(store.listed(first, last, submitter,
                    PaperStore.ListOrder.UPVOTES, TRENDING_CANDIDATES, 0), clock.instant()), page, size);
        };
    }

    public PaperPage byOrganization(String name, int page, int size) {
        checkPage(page, size);
        return new PaperPage(store.byOrganization(name, size, page * size), page, size,
                store.countByOrganization(name));
    }

    public PaperPage byAuthor(String name, int page, int size) {
        checkPage(page, size);
        return new PaperPage(store.byAuthor(name, size, page * size), page, size, store.countByAuthor(name));
    }

    /**
     * The organization's papers the filter lets through, newest first: its newest {@value #FILTERED_CANDIDATES} read,
     * then filtered (the largest organization here has far fewer).
     */
    public PaperPage byOrganization(String name, int page, int size, java.util.function.Predicate<Paper> filter) {
        if (filter instanceof papers.paper.PaperFilter f && f.isNone()) {
            return byOrganization(name, page, size);
        }
        checkPage(page, size);
        return PaperPage.slice(store.byOrganization(name, FILTERED_CANDIDATES, 0).stream().filter(filter).toList(),
                page, size);
    }

    /** The author's papers the filter lets through, newest first (as {@link #byOrganization}). */
    public PaperPage byAuthor(String name, int page, int size, java.util.function.Predicate<Paper> filter) {
        if (filter instanceof papers.paper.PaperFilter f && f.isNone()) {
            return byAuthor(name, page, size);
        }
        checkPage(page, size);
        return PaperPage.slice(store.byAuthor(name, FILTERED_CANDIDATES, 0).stream().filter(filter).toList(),
                page, size);
    }

    /** The nearest earlier period of the same kind that has papers (a day list skips weekends and gaps). */
    public Optional<Period> previous(Period period) {
        return store.listingDayBefore(period.first()).map(period::containing);
    }

    /** The nearest later period of the same kind that has papers. */
    public Optional<Period> next(Period period) {
        return store.listingDayAfter(period.last()).map(period::containing);
    }

    private static void checkPage(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", got " + size);
        }
    }
}
