package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.Fixtures;
import papers.support.TestStores;

/** {@code papers sources}, {@code sources check} and {@code sources run NAME}. */
class SourcesCliTest {

    @TempDir
    Path home;

    private Run run(String... args) {
        Map<String, String> env = new HashMap<>(TestStores.sqlite(home));
        env.put("PAPERS_ARXIV_DELAY_MS", "0");
        return Run.of(env, args);
    }

    @Test
    void withoutAFileTheDefaultsAreListed() {
        Run list = run("sources");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("no sources.toml in " + home + ": the defaults")
                .contains("huggingface      hf-daily      every 30m    https://huggingface.co/api/daily_papers")
                .contains("arxiv-details    arxiv-enrich  every 30m    https://export.arxiv.org/api/query")
                .contains("last run never, last success never, next run now (when serve runs)");
    }

    @Test
    void checkNamesTheLineAndKeyOfAProblem() throws Exception {
        Files.writeString(home.resolve("sources.toml"), """
                [[source]]
                name = "hf"
                kind = "hf-daily"
                days = "three"
                """);
        Run check = run("sources", "check");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err().strip()).isEqualTo("papers: " + home.resolve("sources.toml")
                + ":4: source 1, days: must be a whole number from 1 to 60, got \"three\"");

        Files.writeString(home.resolve("sources.toml"), "# nothing followed\n");
        Run empty = run("sources", "check");
        assertThat(empty.exit()).isZero();
        assertThat(empty.out().strip()).isEqualTo("ok: 0 source(s)");
    }

    @Test
    void runRunsOneSourceInTheForegroundAndEndsWithTheImportedLine() throws Exception {
        try (FixtureServer hf = new FixtureServer(uri -> uri.getQuery().endsWith(
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString())
                ? Answer.ok(Fixtures.bytes("hf-daily-papers-2026-08-21.json")) : Answer.ok("[]".getBytes()))) {
            Files.writeString(home.resolve("sources.toml"), """
                    contact = "ops@example.org"
                    [[source]]
                    name = "hf"
                    kind = "hf-daily"
                    url = "%s"
                    days = 1
                    """.formatted(hf.url("/api/daily_papers")));

            Run ran = run("sources", "run", "hf");

            assertThat(ran.exit()).as(ran.err()).isZero();
            assertThat(ran.out().strip().lines().toList().getLast())
                    .isEqualTo("imported: 17 new, 0 updated, 0 unchanged, 0 rejected");
            assertThat(hf.requestHeaders().getFirst().getFirst("User-Agent")).contains("ops@example.org");
            Run list = run("sources");
            assertThat(list.out()).contains("runs 1, last: 17 new, 0 updated, 0 unchanged, 0 rejected");

            Run unknown = run("sources", "run", "nope");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err().strip()).isEqualTo("papers: no source named 'nope'; sources: hf");
        }
    }
}
