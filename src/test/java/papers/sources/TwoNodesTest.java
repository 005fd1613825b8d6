package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.FixtureServer;
import papers.support.FixtureServer.Answer;
import papers.support.Fixtures;
import papers.support.TestStores;

/** Two nodes on one PostgreSQL, both following the same sources from their schedules: each source runs once. */
class TwoNodesTest {

    @TempDir
    Path home;

    private TestStores.Postgres pg;

    @AfterEach
    void drop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void eachSourceRunsOnceAcrossNodes() throws Exception {
        pg = TestStores.postgres(home);
        byte[] day = Fixtures.bytes("hf-daily-papers-2026-08-21.json");
        try (FixtureServer server = new FixtureServer(uri -> {
            try {
                Thread.sleep(300); // slow enough that both nodes' first ticks overlap the run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ok(uri.getPath().startsWith("/a") ? day : "[]".getBytes(StandardCharsets.UTF_8));
        })) {
            String toml = """
                    [[source]]
                    name = "mirror-a"
                    kind = "hf-daily"
                    url = "%s"
                    every = "1h"
                    days = 2

                    [[source]]
                    name = "mirror-b"
                    kind = "hf-daily"
                    url = "%s"
                    every = "1h"
                    days = 2
                    """.formatted(server.url("/a/daily_papers"), server.url("/b/daily_papers"));
            try (SourceHarness one = new SourceHarness(pg.config(), Clock.systemUTC(), toml);
                 SourceHarness two = new SourceHarness(pg.config(), Clock.systemUTC(), toml)) {
                one.runner.start();
                two.runner.start();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline && (one.app.sourceStates().find("mirror-a")
                        .map(s -> s.lastSuccess() == null).orElse(true)
                        || one.app.sourceStates().find("mirror-b").map(s -> s.lastSuccess() == null).orElse(true))) {
                    Thread.sleep(100);
                }
                Thread.sleep(1_500); // time for a second run, if the lock or the due check let one through

                assertThat(one.state("mirror-a").runs()).isEqualTo(1);
                assertThat(one.state("mirror-b").runs()).isEqualTo(1);
                assertThat(server.requests()).as("2 days for each source, once").hasSize(4);
                assertThat(one.app.papers().count()).isEqualTo(17);
            }
        }
    }
}
