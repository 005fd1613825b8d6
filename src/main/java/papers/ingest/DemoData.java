package papers.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import papers.paper.PaperStore;

/**
 * The demo set bundled in the jar: the newest listing days of the real Hugging Face daily papers plus the papers of
 * the captured seed page (built by {@code scripts/build-demo-data.py}; arXiv metadata is CC0).
 */
public final class DemoData {

    public static final String RESOURCE = "/demo/demo-papers.jsonl.gz";

    private DemoData() {
    }

    /** Imports the demo set when the store holds no paper; true when it did. */
    public static boolean loadIfEmpty(PaperStore store, Importer importer) throws IOException {
        if (store.count() > 0) {
            return false;
        }
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo data " + RESOURCE + " is missing from the build");
            }
            importer.runStream(ImportFormat.HF_DAILY, in, "demo data");
            return true;
        } catch (MalformedSourceException e) {
            throw new UncheckedIOException(new IOException("the bundled demo data is broken: " + e.getMessage(), e));
        }
    }
}
