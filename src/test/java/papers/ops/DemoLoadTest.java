package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.ingest.DemoData;
import papers.ingest.ImportFormat;
import papers.paper.AppState;
import papers.support.Fixtures;
import papers.support.TestStores;

/**
 * Issue 14, failure 5: a first start stopped during the demo import kept a partial demo for good (1,000 of 2,270
 * papers), since the demo loads only into an empty store. The load is now marked "loading" before it starts and
 * "loaded" after, so the next start completes it; a store someone filled themselves is left alone.
 */
class DemoLoadTest {

    @TempDir
    Path home;

    @Test
    void aStartStoppedDuringTheDemoImportCompletesItNextTime() throws Exception {
        long full;
        try (App reference = App.open(TestStores.sqliteConfig(home.resolve("reference")))) {
            assertThat(reference.loadDemoDataIfEmpty()).isTrue();
            full = reference.papers().count();
        }
        try (App app = App.open(TestStores.sqliteConfig(home.resolve("interrupted")))) {
            // what an interrupted first start leaves: the mark, and the first papers of the demo set
            new AppState(app.database()).put("demo", "loading");
            try (InputStream in = new GZIPInputStream(DemoData.class.getResourceAsStream(DemoData.RESOURCE))) {
                byte[] firstLines = firstLines(in, 300);
                app.importer().runStream(ImportFormat.HF_DAILY, new java.io.ByteArrayInputStream(firstLines), "part");
            }
            long partial = app.papers().count();
            assertThat(partial).isBetween(1L, full - 1);

            assertThat(app.loadDemoDataIfEmpty()).isTrue();
            assertThat(app.papers().count()).isEqualTo(full);
            assertThat(new AppState(app.database()).get("demo")).hasValue("loaded");
            assertThat(app.loadDemoDataIfEmpty()).isFalse();
        }
    }

    /** The home page shows the newest listing day: a first start commits that day before the rest. */
    @Test
    void theNewestListingDayIsStoredFirst() throws Exception {
        try (App app = App.open(TestStores.sqliteConfig(home.resolve("first")))) {
            assertThat(app.loadDemoDataIfEmpty()).isTrue();
            var jdbi = app.database().jdbi();
            String newest = jdbi.withHandle(h -> h.createQuery("SELECT MAX(listed_on) FROM papers")
                    .mapTo(String.class).one());
            int onNewest = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers WHERE listed_on = ?")
                    .bind(0, newest).mapTo(Integer.class).one());
            java.util.List<String> firstChanged = jdbi.withHandle(h -> h.createQuery(
                    "SELECT p.listed_on FROM paper_changes c JOIN papers p ON p.id = c.paper_id ORDER BY c.seq LIMIT ?")
                    .bind(0, onNewest).mapTo(String.class).list());
            assertThat(onNewest).isGreaterThan(5);
            assertThat(firstChanged).hasSize(onNewest).containsOnly(newest);
        }
    }

    @Test
    void aStoreFilledByItsOwnerGetsNoDemo() throws Exception {
        try (App app = App.open(TestStores.sqliteConfig(home))) {
            app.importer().run(ImportFormat.fromName("hf-daily"), Fixtures.path("hf-daily-papers-2024-05-27.json")
                    .toString(), 0, papers.ingest.ImportProgress.NONE);
            long own = app.papers().count();
            assertThat(own).isPositive();
            assertThat(app.loadDemoDataIfEmpty()).isFalse();
            assertThat(app.papers().count()).isEqualTo(own);
        }
    }

    private static byte[] firstLines(InputStream in, int lines) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int seen = 0;
        int b;
        while (seen < lines && (b = in.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                seen++;
            }
        }
        return out.toByteArray();
    }
}
