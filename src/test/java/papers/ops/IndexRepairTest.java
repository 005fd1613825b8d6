package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.search.SearchFilters;
import papers.search.SearchSort;
import papers.support.Fixtures;
import papers.support.TestStores;

/**
 * Issue 14, failure 4: a truncated {@code segments_N} or a deleted {@code .cfs} made the next start exit 1 ("cannot
 * open the search index"). The index is derived data: a damaged one is emptied and rebuilt from the store at start.
 */
class IndexRepairTest {

    @TempDir
    Path home;
    private Config config;
    private long papers;

    @BeforeEach
    void buildAnIndex() throws Exception {
        config = TestStores.sqliteConfig(home);
        try (App app = App.open(config)) {
            app.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2024-05-27.json").toString(), 0, ImportProgress.NONE);
            app.finishStartUp(false);
            papers = app.searchParts().index().size();
            assertThat(papers).isPositive();
        }
    }

    @Test
    void aTruncatedSegmentsFileIsRebuiltAtStart() throws Exception {
        Path segments = only("segments_");
        Files.write(segments, java.util.Arrays.copyOf(Files.readAllBytes(segments), (int) Files.size(segments) / 2));
        assertStartsAndSearches();
    }

    @Test
    void deletedSegmentFilesAreRebuiltAtStart() throws Exception {
        List<Path> data = files().filter(p -> !p.getFileName().toString().startsWith("segments_")
                && !p.getFileName().toString().equals("write.lock")).toList();
        assertThat(data).isNotEmpty();
        for (Path p : data) {
            Files.delete(p);
        }
        assertStartsAndSearches();
    }

    @Test
    void aDeletedIndexFolderIsRebuiltAtStart() throws Exception {
        try (Stream<Path> all = Files.walk(home.resolve("index"))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertStartsAndSearches();
    }

    private void assertStartsAndSearches() {
        try (App app = App.open(config)) {
            app.finishStartUp(false);
            assertThat(app.startUp()).isEqualTo("ready");
            assertThat(app.searchParts().index().size()).isEqualTo(papers);
            assertThat(app.searchParts().service().search("language models", SearchFilters.none(), SearchSort.parse("relevance"), 1, 10)
                    .hits()).isNotEmpty();
        }
    }

    private Path only(String prefix) throws IOException {
        List<Path> found = files().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("index"))) {
            return s.toList().stream();
        }
    }
}
