package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import papers.paper.PaperFilter;
import papers.feed.Feeds;
import papers.feed.Period;

/**
 * The parameters of {@code GET /api/daily_papers}, checked: at most one of {@code date}, {@code week} and
 * {@code month}, a {@code submitter}, {@code sort}, the page {@code p} (from 0) and {@code limit}. A wrong one is a
 * {@link io.javalin.http.BadRequestResponse} whose message starts with the parameter's name.
 *
 * @param period    the period asked for, null when none was
 * @param submitter only papers this account put on the feed, null for all
 */
record DailyPapersQuery(Period period, String submitter, Feeds.Sort sort, int page, int limit,
                        PaperFilter filter) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = Feeds.MAX_PAGE_SIZE;
    /** Far past any real list; keeps {@code page * limit} well inside an int. */
    static final int MAX_PAGE = 1_000_000;

    static DailyPapersQuery from(Context ctx) {
        String date = param(ctx, "date");
        String week = param(ctx, "week");
        String month = param(ctx, "month");
        List<String> given = new ArrayList<>();
        if (date != null) {
            given.add("date");
        }
        if (week != null) {
            given.add("week");
        }
        if (month != null) {
            given.add("month");
        }
        if (given.size() > 1) {
            throw new BadRequestResponse(String.join(", ", given) + ": give at most one of date, week and month");
        }
        Period period = null;
        if (date != null) {
            period = parse("date", () -> Period.parseDay(date));
        } else if (week != null) {
            period = parse("week", () -> Period.parseWeek(week));
        } else if (month != null) {
            period = parse("month", () -> Period.parseMonth(month));
        }
        return new DailyPapersQuery(period, param(ctx, "submitter"), sort(param(ctx, "sort")),
                number(ctx, "p", 0, 0, MAX_PAGE), number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), filter(ctx));
    }

    /** The normal form of the query, so equal queries share one cache entry whatever else the URL carries. */
    String cacheKey() {
        return "api:daily_papers?" + (period == null ? "" : period.key()) + "&submitter="
                + (submitter == null ? "" : submitter) + "&sort=" + sort + "&p=" + page + "&limit=" + limit
                + (filter.isNone() ? "" : "&" + filter.query());
    }

    /** {@code category=} and {@code has_code=}: a category outside arXiv's taxonomy is a 400 naming it. */
    static PaperFilter filter(Context ctx) {
        try {
            return PaperFilter.parse(param(ctx, "category"), param(ctx, "has_code"));
        } catch (IllegalArgumentException e) {
            throw new io.javalin.http.BadRequestResponse(e.getMessage());
        }
    }

    private static Feeds.Sort sort(String value) {
        if (value == null) {
            return Feeds.Sort.UPVOTES;
        }
        return switch (value) {
            case "publishedAt" -> Feeds.Sort.NEWEST;
            case "trending" -> Feeds.Sort.TRENDING;
            default -> throw new BadRequestResponse("sort: '" + value
                    + "' is not a known order; use publishedAt or trending, or leave it out for the most upvoted");
        };
    }

    /** A whole-number parameter in [min, max], or the fallback when absent; anything else is a 400 naming it. */
    static int number(Context ctx, String name, int fallback, int min, int max) {
        String raw = param(ctx, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestResponse(name + ": must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
    }

    private static Period parse(String name, Supplier<Period> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(name + ": " + e.getMessage());
        }
    }

    /** A parameter's value; an empty one counts as not given, as form-built URLs send them. */
    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
