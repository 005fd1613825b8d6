package papers.ingest;

/**
 * What one arXiv API page said about the whole result, for paging with {@code start=}.
 * The opensearch numbers are -1 when the feed leaves them out.
 *
 * @param entries how many {@code <entry>} elements the page held, rejected ones included
 *                (zero means the result is used up)
 */
public record AtomPage(int totalResults, int startIndex, int itemsPerPage, int entries) {
}
