package papers.ingest;

import java.util.List;

/** What one import did; {@link #summaryLine()} is the line scripts parse. */
public record ImportReport(int created, int updated, int unchanged, int rejected, List<String> firstRejections) {

    public String summaryLine() {
        return "imported: " + created + " new, " + updated + " updated, " + unchanged + " unchanged, "
                + rejected + " rejected";
    }
}
