package papers.search;

import java.time.LocalDate;

/**
 * One paper in a result list. {@code titleHtml} and {@code snippetHtml} are HTML-escaped text with matches wrapped in
 * {@code <mark>}; they are safe to put in a page as they are. {@code day} is the listing day, or the submission day
 * for papers never listed.
 */
public record SearchHit(String id, String title, String titleHtml, String snippetHtml, float score, LocalDate day,
                        int upvotes, String organization) {
}
