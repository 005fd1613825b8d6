package papers.paper;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds a visible paper by what a reference library knows of it when there is no arXiv id: its DOI (arXiv
 * enrichment fills {@code papers.doi}) or its title.
 */
public final class PaperLookup {

    private final Jdbi jdbi;

    public PaperLookup(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The paper with this DOI (compared without case), if one is here. */
    public Optional<String> byDoi(String doi) {
        if (doi == null || doi.isBlank()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM papers WHERE lower(doi) = ? AND hidden_at IS NULL "
                        + "ORDER BY id LIMIT 1")
                .bind(0, doi.strip().toLowerCase(Locale.ROOT)).mapTo(String.class).findOne());
    }

    /**
     * The paper whose title is the same once both are reduced by {@code normalize} (case, punctuation and spacing
     * aside). Candidates are the titles that start like this one up to its first punctuation, so the database
     * narrows them.
     */
    public Optional<String> byTitle(String title, UnaryOperator<String> normalize) {
        if (title == null || title.isBlank()) {
            return Optional.empty();
        }
        String lower = title.strip().toLowerCase(Locale.ROOT);
        int cut = 0;
        while (cut < lower.length() && (Character.isLetterOrDigit(lower.charAt(cut)) || lower.charAt(cut) == ' ')) {
            cut++;
        }
        String prefix = lower.substring(0, cut).strip();
        if (prefix.length() < 4) {
            return Optional.empty();
        }
        String wanted = normalize.apply(title);
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<String[]> found = jdbi.withHandle(h -> h.createQuery("SELECT id, title FROM papers "
                        + "WHERE lower(title) LIKE ? ESCAPE '\\' AND hidden_at IS NULL ORDER BY id LIMIT 50")
                .bind(0, like).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list());
        return found.stream().filter(r -> normalize.apply(r[1]).equals(wanted)).map(r -> r[0]).findFirst();
    }
}
