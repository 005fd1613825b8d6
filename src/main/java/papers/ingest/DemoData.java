package papers.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import papers.paper.AppState;
import papers.paper.PaperStore;

/**
 * The demo set bundled in the jar: the newest listing days of the real Hugging Face daily papers plus the papers of
 * the captured seed page (built by {@code scripts/build-demo-data.py}; arXiv metadata is CC0).
 */
public final class DemoData {

    public static final String RESOURCE = "/demo/demo-papers.jsonl.gz";

    private DemoData() {
    }

    /** The {@code app_state} entry: "loading" while the import runs, "loaded" once it finished. */
    static final String STATE = "demo";

    /**
     * Imports the demo set when the store holds no paper, or when an earlier start began it and was stopped before
     * it finished (the state says "loading"): the import is idempotent, so running it again completes the demo
     * instead of keeping part of it for good. True when it imported.
     */
    public static boolean loadIfEmpty(PaperStore store, AppState state, Importer importer) throws IOException {
        boolean unfinished = state.get(STATE).filter("loading"::equals).isPresent();
        if (!unfinished && store.count() > 0) {
            return false;
        }
        state.put(STATE, "loading");
        load(importer);
        state.put(STATE, "loaded");
        return true;
    }

    private static void load(Importer importer) throws IOException {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo data " + RESOURCE + " is missing from the build");
            }
            importer.runStream(ImportFormat.HF_DAILY, in, "demo data");
        } catch (MalformedSourceException e) {
            throw new UncheckedIOException(new IOException("the bundled demo data is broken: " + e.getMessage(), e));
        }
    }
}
