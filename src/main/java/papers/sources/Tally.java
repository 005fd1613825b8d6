package papers.sources;

import java.util.ArrayList;
import java.util.List;
import papers.ingest.ImportReport;
import papers.ingest.RecordSink;
import papers.ingest.RejectLog;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.UpsertResult;

/** Collects one page of records for a source and adds up what storing them did, as an import's report. */
class Tally implements RecordSink {

    private final String source;
    private final RejectLog rejects;
    private final List<String> shown = new ArrayList<>();
    List<Paper> page = new ArrayList<>();
    private UpsertResult result = UpsertResult.NONE;
    private int rejected;

    Tally(String source, RejectLog rejects) {
        this.source = source;
        this.rejects = rejects;
    }

    @Override
    public void accept(Paper paper) {
        page.add(paper);
    }

    @Override
    public void reject(String where, String reason) {
        rejected++;
        rejects.write(source, where, reason);
        if (shown.size() < 5) {
            shown.add(where + ": " + reason);
        }
    }

    /** Stores the page collected so far (see {@link PaperStore#upsert(List, java.util.function.Consumer)}). */
    void store(PaperStore papers, java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoInTransaction) {
        List<Paper> batch = page;
        page = new ArrayList<>();
        result = result.plus(papers.upsert(batch, alsoInTransaction));
    }

    ImportReport report() {
        return new ImportReport(result.created(), result.updated(), result.unchanged(), rejected, List.copyOf(shown));
    }
}
