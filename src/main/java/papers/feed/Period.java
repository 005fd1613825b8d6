package papers.feed;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A span of listing days a feed covers: one day, one ISO week, or one month. Days are inclusive. */
public sealed interface Period {

    LocalDate first();

    LocalDate last();

    /** The key in URLs and API parameters: {@code 2026-08-21}, {@code 2026-W34}, {@code 2026-08}. */
    String key();

    /** Site path of this period's list, e.g. {@code /papers/week/2026-W34}. */
    String path();

    /** How a heading names it, e.g. "Friday, August 21, 2026" or "Week 34 of 2026 (Aug 17 to 23)". */
    String label();

    Period previous();

    Period next();

    /** The same kind of period containing {@code day}. */
    Period containing(LocalDate day);

    default boolean contains(LocalDate day) {
        return !day.isBefore(first()) && !day.isAfter(last());
    }

    record Day(LocalDate day) implements Period {
        private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);

        public LocalDate first() {
            return day;
        }

        public LocalDate last() {
            return day;
        }

        public String key() {
            return day.toString();
        }

        public String path() {
            return "/papers/date/" + key();
        }

        public String label() {
            return LABEL.format(day);
        }

        public Period previous() {
            return new Day(day.minusDays(1));
        }

        public Period next() {
            return new Day(day.plusDays(1));
        }

        public Period containing(LocalDate d) {
            return new Day(d);
        }
    }

    record Week(LocalDate monday) implements Period {
        private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

        public Week {
            monday = monday.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        public LocalDate first() {
            return monday;
        }

        public LocalDate last() {
            return monday.plusDays(6);
        }

        public String key() {
            return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                    monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }

        public String path() {
            return "/papers/week/" + key();
        }

        public String label() {
            return "Week " + monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + " of "
                    + monday.get(IsoFields.WEEK_BASED_YEAR) + " (" + SHORT.format(first()) + " to "
                    + SHORT.format(last()) + ")";
        }

        public Period previous() {
            return new Week(monday.minusWeeks(1));
        }

        public Period next() {
            return new Week(monday.plusWeeks(1));
        }

        public Period containing(LocalDate d) {
            return new Week(d);
        }
    }

    record Month(YearMonth month) implements Period {
        private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

        public LocalDate first() {
            return month.atDay(1);
        }

        public LocalDate last() {
            return month.atEndOfMonth();
        }

        public String key() {
            return month.toString();
        }

        public String path() {
            return "/papers/month/" + key();
        }

        public String label() {
            return LABEL.format(month);
        }

        public Period previous() {
            return new Month(month.minusMonths(1));
        }

        public Period next() {
            return new Month(month.plusMonths(1));
        }

        public Period containing(LocalDate d) {
            return new Month(YearMonth.from(d));
        }
    }

    Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

    /** Parses {@code YYYY-MM-DD}; the message of the exception says what is wrong. */
    static Day parseDay(String s) {
        if (s == null || !DAY.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a day like 2026-08-21");
        }
        try {
            return new Day(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a day of the calendar");
        }
    }

    /** Parses an ISO week {@code YYYY-Www} (weeks start on Monday; week 1 holds the year's first Thursday). */
    static Week parseWeek(String s) {
        Matcher m = s == null ? null : WEEK.matcher(s);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not an ISO week like 2026-W34");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate mid = LocalDate.of(year, 7, 1);
        long weeks = mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException("'" + s + "': " + year + " has weeks 1 to " + weeks);
        }
        LocalDate monday = mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
        return new Week(monday);
    }

    /** Parses {@code YYYY-MM}. */
    static Month parseMonth(String s) {
        Matcher m = s == null ? null : MONTH.matcher(s);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a month like 2026-08");
        }
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("'" + s + "' has no month " + month);
        }
        return new Month(YearMonth.of(Integer.parseInt(m.group(1)), month));
    }
}
