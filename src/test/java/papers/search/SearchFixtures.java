package papers.search;

import java.nio.file.Path;
import papers.App;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.support.Fixtures;
import papers.support.TestStores;

/** An app over a fresh SQLite store holding the 51 seed papers and the 17 of 2026-08-21 (real data). */
final class SearchFixtures {

    static final int PAPERS = 68;

    private SearchFixtures() {
    }

    static App appWithPapers(Path home) throws Exception {
        App app = App.open(TestStores.sqliteConfig(home));
        importFixture(app, "seed-papers.jsonl");
        importFixture(app, "hf-daily-papers-2026-08-21.json");
        return app;
    }

    static void importFixture(App app, String name) throws Exception {
        app.importer().run(ImportFormat.HF_DAILY, Fixtures.path(name).toString(), 0, ImportProgress.NONE);
    }
}
