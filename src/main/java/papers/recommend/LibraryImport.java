package papers.recommend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import papers.paper.PaperLookup;
import papers.paper.PaperStore;

/**
 * Imports a reader's reference library: each entry is matched to a paper here by arXiv id, else DOI, else title, and
 * every match becomes a pick (a liked paper for the reader's model, not on the reading list).
 */
public final class LibraryImport {

    /** What an import did: entries read, papers matched (picked), and up to 20 titles of entries not found. */
    public record Result(int entries, int matched, int added, List<String> unmatched) { }

    private final PaperStore papers;
    private final PaperLookup lookup;
    private final ReaderStore readers;

    public LibraryImport(PaperStore papers, PaperLookup lookup, ReaderStore readers) {
        this.papers = papers;
        this.lookup = lookup;
        this.readers = readers;
    }

    /** Reads the export and records the matches; {@link IllegalArgumentException} when it cannot be read. */
    public Result run(long userId, String export) {
        List<Library.Entry> entries = Library.read(export);
        Set<String> matched = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        for (Library.Entry e : entries) {
            Optional<String> id = match(e);
            if (id.isPresent()) {
                matched.add(id.get());
            } else if (unmatched.size() < 20) {
                unmatched.add(e.title() != null ? e.title() : e.arxivId() != null ? "arXiv " + e.arxivId()
                        : e.doi() != null ? "doi " + e.doi() : "(an entry without title, DOI or arXiv id)");
            }
        }
        int added = 0;
        for (String id : matched) {
            try {
                if (readers.add(userId, ReaderStore.Kind.PICK, id)) {
                    added++;
                }
            } catch (IllegalArgumentException gone) {
                // hidden between the match and now: skip it
            }
        }
        return new Result(entries.size(), matched.size(), added, unmatched);
    }

    Optional<String> match(Library.Entry e) {
        if (e.arxivId() != null && papers.find(e.arxivId()).isPresent()) {
            return Optional.of(e.arxivId());
        }
        Optional<String> byDoi = lookup.byDoi(e.doi());
        if (byDoi.isPresent()) {
            return byDoi;
        }
        return lookup.byTitle(e.title(), Library::normalizeTitle);
    }
}
