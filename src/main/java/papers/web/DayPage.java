package papers.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import papers.paper.Author;
import papers.paper.Paper;

/** What the day page shows: one listing day's papers, already ranked. Helpers format for the templates. */
public record DayPage(LocalDate day, List<Paper> papers) {

    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);

    public String title() {
        return day == null ? "Daily Papers" : "Daily Papers | " + day;
    }

    public String heading() {
        return day == null ? "" : LONG_DAY.format(day);
    }

    /** Up to three names then a count, as lists show it. */
    public static String authorLine(Paper p) {
        List<Author> authors = p.authors();
        if (authors.isEmpty()) {
            return "authors unknown";
        }
        int shown = Math.min(3, authors.size());
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(authors.get(i).name());
        }
        if (authors.size() > shown) {
            s.append(" and ").append(authors.size() - shown).append(" more");
        }
        return s.toString();
    }

    /** Cuts at a word boundary so a list stays scannable; the paper page has the whole abstract. */
    public static String excerpt(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max);
        return text.substring(0, cut > max / 2 ? cut : max) + "…";
    }

    public static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
