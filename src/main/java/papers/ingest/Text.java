package papers.ingest;

import java.util.regex.Pattern;

/** Normalises text from sources: whitespace runs (arXiv's hard line breaks and indents) become one space. */
public final class Text {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2028\\u2029]+");

    private Text() {
    }

    /** Collapses whitespace and trims; entities and TeX are left exactly as the source wrote them. Null stays null. */
    public static String normalize(String s) {
        if (s == null) {
            return null;
        }
        return WHITESPACE.matcher(s).replaceAll(" ").strip();
    }

    /** {@link #normalize}, with empty results as null. */
    public static String normalizeOrNull(String s) {
        String n = normalize(s);
        return n == null || n.isEmpty() ? null : n;
    }
}
