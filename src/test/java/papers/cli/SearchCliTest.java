package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.search.Progress;
import papers.support.Fixtures;
import papers.support.TestStores;

/** {@code papers search}, {@code papers embed} and {@code papers reindex} on a small real store. */
class SearchCliTest {

    @TempDir
    Path home;

    private Run run(String... args) {
        return Run.of(TestStores.sqlite(home), args);
    }

    @Test
    void searchEmbedAndReindexFromTheTerminal() {
        assertThat(run("import", "hf-daily", Fixtures.path("hf-daily-papers-2026-08-21.json").toString()).exit())
                .isZero();
        Run lexical = run("search", "org:google");
        assertThat(lexical.exit()).isZero();
        assertThat(lexical.out()).startsWith("2608.19880").contains("EnvHarness");

        Run embed = run("embed");
        assertThat(embed.exit()).as(embed.err()).isZero();
        assertThat(embed.out()).startsWith("embedded 17 papers").contains("17 have embeddings");
        assertThat(run("embed").out()).as("nothing left to do").startsWith("embedded 0 papers");

        Run reindex = run("reindex");
        assertThat(reindex.out()).startsWith("indexed 17 papers (17 with vectors)");

        Run hybrid = run("search", "robots that learn from videos of people", "--limit", "3");
        assertThat(hybrid.exit()).isZero();
        // The relevance floor keeps only papers that hold enough of the query (or are close in meaning): of these 17
        // papers, fewer than three may; --limit caps the rest.
        assertThat(hybrid.out().lines()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(hybrid.out()).startsWith("2608.19891"); // EXIMO: exploration of robot (VLA) policies

        Run sorted = run("search", "agents", "--sort", "upvotes", "--min-upvotes", "10", "--from", "2026-08-01");
        assertThat(sorted.out().lines().map(l -> l.substring(0, 10)).toList())
                .containsExactly("2608.19880", "2608.18580", "2608.19799");

        assertThat(run("search", "zzzqqq").out()).contains("no papers match");
        Run bad = run("search", "*:*");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("no words to search for");
        assertThat(run("search", "agents", "--sort", "random").err()).contains("relevance, date or upvotes");
        assertThat(run("search", "agents", "--from", "yesterday").err()).contains("--from must be a day");
    }

    @Test
    void searchDoesNotBuildASecondIndexWhereServeOwnsADeletedOne() throws Exception {
        Run whileHeld;
        try (App serve = App.open(TestStores.sqliteConfig(home))) {
            serve.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2024-05-27.json").toString(), 0, ImportProgress.NONE);
            serve.searchParts().indexFollower().rebuildIfEmpty(Progress.NONE); // holds the index for writing, as serve does
            whileHeld = run("search", "language model");
            assertThat(whileHeld.exit()).as(whileHeld.err()).isZero(); // read-only beside the server
            assertThat(whileHeld.out()).doesNotContain("no papers match").isNotBlank();

            try (Stream<Path> all = Files.walk(home.resolve("index"))) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Run deleted = run("search", "language model");

            assertThat(deleted.exit()).isEqualTo(1);
            assertThat(deleted.err()).contains("papers serve holds the search index")
                    .contains("its files are missing").contains("search again in a moment");
            assertThat(deleted.out()).isEmpty();
            assertThat(home.resolve("index")).doesNotExist(); // no second index in the server's place
        }
        Run alone = run("search", "language model"); // serve stopped: the command builds the index itself
        assertThat(alone.exit()).as(alone.err()).isZero();
        assertThat(alone.out()).isEqualTo(whileHeld.out());
        assertThat(home.resolve("index")).isDirectory();
    }
}
