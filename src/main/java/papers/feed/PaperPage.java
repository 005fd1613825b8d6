package papers.feed;

import java.util.List;
import papers.paper.Paper;

/** One page of a ranked list: the papers on it, which page (from 0), the page size and the list's total. */
public record PaperPage(List<Paper> papers, int page, int size, int total) {

    public PaperPage {
        papers = List.copyOf(papers);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public int pages() {
        return size == 0 ? 0 : (total + size - 1) / size;
    }

    /** Rank of the first paper on this page, from 1. */
    public int firstRank() {
        return page * size + 1;
    }

    /** Page {@code page} of the whole list {@code all}. */
    public static PaperPage slice(List<Paper> all, int page, int size) {
        int from = (int) Math.min(all.size(), (long) page * size);
        int to = Math.min(all.size(), from + size);
        return new PaperPage(all.subList(from, to), page, size, all.size());
    }
}
