package papers.ingest;

/**
 * Normalises text from sources: whitespace runs (arXiv's hard line breaks and indents) become one space; control
 * characters and non-characters (which XML cannot carry) are dropped.
 */
public final class Text {

    private Text() {
    }

    /** Collapses whitespace and trims; entities and TeX are left exactly as the source wrote them. Null stays null. */
    public static String normalize(String s) {
        if (s == null) {
            return null;
        }
        // A plain loop rather than a regex: this runs on every title, abstract and name of every import.
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = true;
            } else if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF'
                    || (Character.isSurrogate(c) && !pairedSurrogate(s, i))) {
                // dropped: not allowed in XML (every feed would fail) and meaningless in text
            } else {
                if (pendingSpace && !out.isEmpty()) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            }
        }
        String normalized = out.toString();
        return normalized.equals(s) ? s : normalized;
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** {@link #normalize}, with empty results as null. */
    public static String normalizeOrNull(String s) {
        String n = normalize(s);
        return n == null || n.isEmpty() ? null : n;
    }
}
