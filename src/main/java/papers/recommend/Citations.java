package papers.recommend;

import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * A reading list as BibTeX and RIS, in the form arXiv's own export gives ({@code @misc} with {@code eprint},
 * {@code archivePrefix}, {@code primaryClass}; RIS {@code JOUR} with the arXiv URL), so
 * reference managers import it and {@link Library} reads it back.
 */
public final class Citations {

    private Citations() {
    }

    public static String bibtex(List<Paper> papers) {
        StringBuilder out = new StringBuilder();
        Set<String> keys = new HashSet<>();
        for (Paper p : papers) {
            String key = key(p);
            String unique = key;
            for (char c = 'a'; !keys.add(unique); c++) {
                unique = key + c;
            }
            out.append("@misc{").append(unique).append(",\n");
            field(out, "title", "{" + bibEscape(p.title()) + "}");
            field(out, "author", bibEscape(String.join(" and ", p.authors().stream().map(Author::name).toList())));
            if (p.publishedAt() != null) {
                field(out, "year", Integer.toString(p.publishedAt().atZone(ZoneOffset.UTC).getYear()));
            }
            field(out, "eprint", p.id());
            field(out, "archivePrefix", "arXiv");
            if (!p.categories().isEmpty()) {
                field(out, "primaryClass", p.categories().get(0));
            }
            if (p.doi() != null) {
                field(out, "doi", bibEscape(p.doi()));
            }
            field(out, "url", p.arxivAbsUrl());
            out.setLength(out.length() - 2);
            out.append("\n}\n\n");
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append("  ").append(name).append(" = {").append(value).append("},\n");
    }

    /** The first author's family name, the year and the first title word: {@code vaswani2017attention}. */
    private static String key(Paper p) {
        String family = p.authors().isEmpty() ? "anon" : p.authors().get(0).name();
        String[] parts = family.strip().split("\\s+");
        family = parts[parts.length - 1];
        String year = p.publishedAt() == null ? "" : Integer.toString(p.publishedAt().atZone(ZoneOffset.UTC).getYear());
        String word = "";
        for (String w : p.title().split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 3) {
                word = w;
                break;
            }
        }
        String key = (family + year + word).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return key.isEmpty() ? "arxiv" + p.id().replaceAll("[^0-9]", "") : key;
    }

    /** Braces must balance in BibTeX; the special characters are escaped. */
    private static String bibEscape(String s) {
        return s.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
                .replace("&", "\\&").replace("%", "\\%").replace("#", "\\#").replace("$", "\\$")
                .replaceAll("\\s+", " ").strip();
    }

    public static String ris(List<Paper> papers) {
        StringBuilder out = new StringBuilder();
        for (Paper p : papers) {
            tag(out, "TY", "JOUR");
            tag(out, "TI", p.title());
            for (Author a : p.authors()) {
                tag(out, "AU", a.name());
            }
            if (p.publishedAt() != null) {
                tag(out, "PY", Integer.toString(p.publishedAt().atZone(ZoneOffset.UTC).getYear()));
            }
            tag(out, "JO", "arXiv preprint arXiv:" + p.id());
            if (p.doi() != null) {
                tag(out, "DO", p.doi());
            }
            tag(out, "UR", p.arxivAbsUrl());
            if (!p.abstractText().isEmpty()) {
                tag(out, "AB", p.abstractText());
            }
            out.append("ER  - \r\n\r\n");
        }
        return out.toString();
    }

    private static void tag(StringBuilder out, String tag, String value) {
        out.append(tag).append("  - ").append(value.replaceAll("\\s+", " ").strip()).append("\r\n");
    }
}
