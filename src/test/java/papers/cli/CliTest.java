package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.Fixtures;
import papers.support.TestStores;

class CliTest {

    @TempDir
    Path home;

    private Run run(Map<String, String> env, String... args) {
        return Run.of(env, args);
    }

    private Run run(String... args) {
        return run(TestStores.sqlite(home), args);
    }

    @Test
    void importEndsWithTheSummaryLineAndIsIdempotent() {
        String file = Fixtures.path("hf-daily-papers-2026-08-21.json").toString();
        Run first = run("import", "hf-daily", file);
        assertThat(first.exit()).isZero();
        assertThat(first.out().strip().lines().toList()).last()
                .isEqualTo("imported: 17 new, 0 updated, 0 unchanged, 0 rejected");
        Run second = run("import", "hf-daily", file);
        assertThat(second.out().strip()).endsWith("imported: 0 new, 0 updated, 17 unchanged, 0 rejected");
        assertThat(Files.exists(home.resolve("papers.db"))).as("SQLite file under PAPERS_HOME").isTrue();
    }

    @Test
    void importsIntoPostgresqlTheSameWay() throws Exception {
        try (TestStores.Postgres pg = TestStores.postgres(home)) {
            String seed = Fixtures.path("seed-papers.jsonl").toString();
            assertThat(run(pg.env(), "import", "hf-daily", seed).out().strip())
                    .isEqualTo("imported: 51 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(run(pg.env(), "import", "hf-daily", seed).out().strip())
                    .isEqualTo("imported: 0 new, 0 updated, 51 unchanged, 0 rejected");
            assertThat(Files.exists(home.resolve("papers.db"))).as("nothing written to SQLite").isFalse();
        }
    }

    @Test
    void rejectedRecordsAreShownOnStandardErrorAndLogged() throws Exception {
        Path file = home.resolve("bad.jsonl");
        Files.writeString(file, """
                {"_date":"2025-01-06","paper":{"id":"2501.00001","title":"Good","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":4}}
                {"_date":"2025-01-06","paper":{"id":"2501.00002","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":4}}
                """);
        Run r = run("import", "hf-daily", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo("imported: 1 new, 0 updated, 0 unchanged, 1 rejected");
        assertThat(r.err()).contains("rejected line 2 (2501.00002): title is missing").contains("import-rejected.log");
        assertThat(Files.readString(home.resolve("logs/import-rejected.log"))).contains("title is missing");
    }

    @Test
    void aMalformedFileFailsWithAClearMessage() throws Exception {
        Path file = home.resolve("page.json");
        Files.writeString(file, "<!DOCTYPE html><html>Rate limited</html>");
        Run r = run("import", "hf-daily", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot be read as hf-daily").contains("not a JSON array")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void usageErrorsNameTheProblem() {
        Run unknownFormat = run("import", "csv", "x.csv");
        assertThat(unknownFormat.exit()).isEqualTo(2);
        assertThat(unknownFormat.err()).contains("unknown format 'csv'").contains("hf-daily, arxiv-atom, oai");

        Run missing = run("import", "hf-daily", home.resolve("missing.json").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("papers: no such file").contains("missing.json")
                .doesNotContain("\tat ");

        Run noSource = run("import", "hf-daily");
        assertThat(noSource.exit()).isEqualTo(2);
        assertThat(noSource.err()).contains("SOURCE");

        Run badDb = run(Map.of("PAPERS_HOME", home.toString(), "PAPERS_DB", "jdbc:mysql://x/y"), "import", "hf-daily",
                "x.json");
        assertThat(badDb.exit()).isEqualTo(1);
        assertThat(badDb.err()).contains("PAPERS_DB must start with jdbc:sqlite: or jdbc:postgresql:");

        Run noServer = run(Map.of("PAPERS_HOME", home.toString(), "PAPERS_DB", "jdbc:postgresql://127.0.0.1:1/papers"),
                "import", "hf-daily", "x.json");
        assertThat(noServer.exit()).isEqualTo(1);
        assertThat(noServer.err()).contains("cannot open the database jdbc:postgresql://127.0.0.1:1/papers")
                .doesNotContain("\tat ");
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve").contains("import").contains("PAPERS_HOME");
        Run importHelp = run("import", "--help");
        assertThat(importHelp.out()).contains("imported: N new, N updated, N unchanged, N rejected")
                .contains("--max");
    }
}
