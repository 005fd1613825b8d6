package papers.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import papers.feed.PaperPage;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * Everything a list page shows: heading, the page of papers, navigation to neighbouring periods, the other views,
 * pagination and the list's feeds. Static helpers format papers for the templates.
 */
public record ListView(
        String title,
        String heading,
        String subheading,
        PaperPage page,
        String basePath,
        Link previous,
        Link next,
        List<Link> views,
        String emptyMessage,
        boolean showListingDay) {

    /** A link with its label; {@code current} marks the view being shown. */
    public record Link(String href, String label, boolean current) {
        public static Link to(String href, String label) {
            return new Link(href, label, false);
        }
    }

    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);

    /** The address of page {@code n} (from 0) of this list; page 0 is the bare path. */
    public String pageHref(int n) {
        return n == 0 ? basePath : basePath + (basePath.contains("?") ? "&" : "?") + "page=" + (n + 1);
    }

    public String atomHref() {
        return feedBase() + "/feed.atom" + filterSuffix();
    }

    public String rssHref() {
        return feedBase() + "/feed.rss" + filterSuffix();
    }

    private String feedBase() {
        String path = path();
        return "/".equals(path) ? "" : path;
    }

    /** The list's path without its filter parameters (the filter form's action). */
    public String path() {
        int q = basePath.indexOf('?');
        return q < 0 ? basePath : basePath.substring(0, q);
    }

    /** The value of one filter parameter the list was asked with ({@code category}, ...), or "". */
    public String filterParam(String name) {
        int q = basePath.indexOf('?');
        if (q >= 0) {
            for (String pair : basePath.substring(q + 1).split("&")) {
                if (pair.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    private String filterSuffix() {
        int q = basePath.indexOf('?');
        return q < 0 ? "" : basePath.substring(q).replace("&hide_muted=1", "").replace("?hide_muted=1", "");
    }

    public static String paperHref(Paper p) {
        return "/papers/" + p.id();
    }

    public static String authorHref(String name) {
        return "/authors/" + encode(name);
    }

    public static String orgHref(String name) {
        return "/orgs/" + encode(name);
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Up to three names then a count, as lists show it. */
    public static String authorLine(Paper p) {
        List<Author> authors = p.authors();
        if (authors.isEmpty()) {
            return "Authors unknown";
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

    public static String authorCount(Paper p) {
        int n = p.authors().size();
        return n == 1 ? "1 author" : n + " authors";
    }

    /** Cuts at a word boundary so a list stays scannable; the paper page has the whole abstract. */
    public static String excerpt(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max);
        return text.substring(0, cut > max / 2 ? cut : max) + "…";
    }

    public static String shortDay(LocalDate day) {
        return day == null ? "" : SHORT_DAY.format(day);
    }

    public static String publishedDay(Paper p) {
        return p.publishedAt() == null ? "" : SHORT_DAY.format(LocalDate.ofInstant(p.publishedAt(), ZoneOffset.UTC));
    }

    /** Two letters standing in for an organization's avatar: pages load nothing from other hosts. */
    public static String initials(String name) {
        String[] words = name.trim().split("[\\s\\-_]+");
        String first = words[0].isEmpty() ? "?" : words[0].substring(0, 1);
        String second = words.length > 1 && !words[1].isEmpty() ? words[1].substring(0, 1)
                : words[0].length() > 1 ? words[0].substring(1, 2) : "";
        return (first + second).toUpperCase(Locale.ROOT);
    }

    public static String plural(int n, String one, String many) {
        return String.format(Locale.ENGLISH, "%,d %s", n, n == 1 ? one : many);
    }
}
