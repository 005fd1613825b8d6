package papers.ingest;
public record AtomPage(int totalResults, int startIndex, int itemsPerPage, int entries) { }
