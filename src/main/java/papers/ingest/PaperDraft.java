package papers.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import papers.paper.ArxivId;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * What an XML reader has gathered for one record, checked and turned into a {@link Paper} once the record's
 * end tag is reached (fields arrive in any order). One place decides what makes a record rejectable.
 */
final class PaperDraft {

    /** The id as the source wrote it (bare, versioned or an abs URL); null when the record has none. */
    String idText;
    /** The version when the format gives it apart from the id (arXivRaw); a version in the id wins. */
    Integer version;
    String title;
    String abstractText;
    Instant publishedAt;
    String comments;
    String journalRef;
    String doi;
    private final List<Author> authors = new ArrayList<>();
    private final Set<String> categories = new LinkedHashSet<>();
    private String problem;

    void author(String name) {
        String n = Text.normalizeOrNull(name);
        if (n != null) { // an empty <name/> is dropped rather than failing the whole record
            authors.add(Author.named(n));
        }
    }

    void category(String category) {
        String c = Text.normalizeOrNull(category);
        if (c != null) {
            categories.add(c);
        }
    }

    /** Marks the record as unusable (a date that does not parse); the first problem is the one reported. */
    void problem(String reason) {
        if (problem == null) {
            problem = reason;
        }
    }

    /**
     * Hands the paper to the sink, or rejects it there.
     *
     * @param where which record, e.g. "entry 3"; the id is appended when there is one
     */
    void emit(String where, RecordSink sink) {
        ArxivId id = ArxivId.parse(idText).orElse(null);
        String label = idText == null || idText.isBlank() ? where
                : where + " (" + (id == null ? idText.strip() : versioned(id)) + ")";
        String cleanTitle = Text.normalizeOrNull(title);
        if (idText == null || idText.isBlank()) {
            sink.reject(label, "no arXiv id");
        } else if (id == null) {
            sink.reject(label, "not an arXiv id: '" + idText.strip() + "'");
        } else if (problem != null) {
            sink.reject(label, problem);
        } else if (cleanTitle == null) {
            sink.reject(label, "title is empty");
        } else {
            try {
                sink.accept(Paper.of(id.id(), id.version() != null ? id.version() : version, cleanTitle,
                                Text.normalize(abstractText), authors, publishedAt)
                        .withArxivDetails(List.copyOf(categories), Text.normalizeOrNull(comments),
                                Text.normalizeOrNull(journalRef), Text.normalizeOrNull(doi)));
            } catch (IllegalArgumentException e) {
                sink.reject(label, e.getMessage());
            }
        }
    }

    private static String versioned(ArxivId id) {
        return id.version() == null ? id.id() : id.id() + "v" + id.version();
    }
}
