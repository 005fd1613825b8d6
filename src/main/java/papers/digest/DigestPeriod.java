package papers.digest;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * The digest of one frequency sent on one date, and the listing days it covers. A daily digest sent on day D covers
 * the days since the previous one: D-1, or on a Monday without weekend digests Friday to Sunday. A weekly digest (sent
 * on Mondays) covers the ISO week before the week of D. {@link #key} names it in the ledger.
 */
public record DigestPeriod(Frequency frequency, LocalDate date, LocalDate first, LocalDate last, String key) {

    /** The period a digest of {@code frequency} sent on {@code date} covers. */
    public static DigestPeriod of(Frequency frequency, LocalDate date, boolean weekends) {
        if (frequency == Frequency.DAILY) {
            LocalDate last = date.minusDays(1);
            LocalDate first = !weekends && date.getDayOfWeek() == DayOfWeek.MONDAY ? date.minusDays(3) : last;
            return new DigestPeriod(frequency, date, first, last, "daily:" + date);
        }
        LocalDate monday = date.with(DayOfWeek.MONDAY).minusWeeks(1);
        String week = String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new DigestPeriod(frequency, date, monday, monday.plusDays(6), "weekly:" + week);
    }

    /**
     * Whether digests of this frequency go out on {@code date}: daily ones on weekdays (every day with
     * {@code weekends}), weekly ones on Mondays.
     */
    public static boolean sendsOn(Frequency frequency, LocalDate date, boolean weekends) {
        DayOfWeek day = date.getDayOfWeek();
        return frequency == Frequency.WEEKLY ? day == DayOfWeek.MONDAY
                : weekends || (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY);
    }

    /** "Friday 21 August 2026" or "21–27 August 2026", for subject lines. */
    public String label() {
        var dayFormat = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.ENGLISH);
        var shortFormat = java.time.format.DateTimeFormatter.ofPattern("d MMMM", java.util.Locale.ENGLISH);
        if (first.equals(last)) {
            return dayFormat.format(first);
        }
        return shortFormat.format(first) + " to " + dayFormat.format(last);
    }
}
