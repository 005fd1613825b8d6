package papers.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * Imports the newest listing day first, in a transaction of its own, then the whole set in its order: the home
     * page shows the newest day, so a first start lists it a moment after listening instead of after the first
     * thousand papers (upserts are idempotent, so the day's records read twice end as they would once).
     */
    private static void load(Importer importer) throws IOException {
        byte[] all;
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo data " + RESOURCE + " is missing from the build");
            }
            all = new java.util.zip.GZIPInputStream(in).readAllBytes();
        }
        List<String> lines = new String(all, StandardCharsets.UTF_8).lines().toList();
        String newest = lines.stream().map(DemoData::day).filter(d -> d != null).max(String::compareTo).orElse(null);
        String newestDay = lines.stream().filter(l -> newest != null && newest.equals(day(l)))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            importer.runStream(ImportFormat.HF_DAILY,
                    new ByteArrayInputStream(newestDay.getBytes(StandardCharsets.UTF_8)), "demo data");
            importer.runStream(ImportFormat.HF_DAILY, new ByteArrayInputStream(all), "demo data");
        } catch (MalformedSourceException e) {
            throw new UncheckedIOException(new IOException("the bundled demo data is broken: " + e.getMessage(), e));
        }
    }

    private static final Pattern DAY = Pattern.compile("^\\{\"_date\":\"(\\d{4}-\\d{2}-\\d{2})\"");

    /** The listing day a line of the demo file starts with ({@code {"_date":"YYYY-MM-DD",...}}); null if none. */
    private static String day(String line) {
        Matcher m = DAY.matcher(line);
        return m.find() ? m.group(1) : null;
    }
}
