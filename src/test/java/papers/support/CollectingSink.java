package papers.support;

import java.util.ArrayList;
import java.util.List;
import papers.ingest.RecordSink;
import papers.paper.Paper;

/** Keeps what a reader produced, for assertions. */
public final class CollectingSink implements RecordSink {
    public final List<Paper> papers = new ArrayList<>();
    public final List<String> rejections = new ArrayList<>();

    @Override
    public void accept(Paper paper) {
        papers.add(paper);
    }

    @Override
    public void reject(String where, String reason) {
        rejections.add(where + ": " + reason);
    }

    public Paper paper(String id) {
        return papers.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no paper " + id + " among " + papers.size()));
    }
}
