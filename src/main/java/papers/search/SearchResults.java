package papers.search;

import java.util.List;

/** One page of results; {@code total} counts every match (for vector and hybrid searches, every candidate kept). */
public record SearchResults(List<SearchHit> hits, long total, int page, int size) {

    public SearchResults {
        hits = List.copyOf(hits);
    }

    public static SearchResults empty(int page, int size) {
        return new SearchResults(List.of(), 0, page, size);
    }

    public List<String> ids() {
        return hits.stream().map(SearchHit::id).toList();
    }
}
