package papers.sources;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import papers.support.TestSeams;
import papers.App;
import papers.Config;
import papers.ingest.PoliteHttpClient;
import papers.support.TestStores;

/** An app over a fresh store with the sources of a TOML text, whose HTTP waits are recorded instead of slept. */
final class SourceHarness implements AutoCloseable {

    final App app;
    final SourceRunner runner;
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    SourceHarness(Config config, Clock clock, String toml) {
        app = App.open(config, TestSeams.at(clock));
        List<SourceSpec> specs = SourcesFile.parse("sources.toml", toml,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).sources();
        runner = app.sourceRunner(specs, spec -> new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 3,
                waits::add, PoliteHttpClient.userAgent("https://papers.example.org", "ops@example.org")));
    }

    static SourceHarness sqlite(Path home, String day, String toml) {
        return new SourceHarness(TestStores.sqliteConfig(home),
                Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC), toml);
    }

    SourceState state(String name) {
        return app.sourceStates().find(name).orElseThrow();
    }

    @Override
    public void close() {
        app.close();
    }
}
