package papers.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesFileTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-08-21");

    private static SourcesFile.Sources parse(String text) {
        return SourcesFile.parse("sources.toml", text, TODAY);
    }

    @Test
    void readsEveryKindWithItsKeysAndDefaults() {
        SourcesFile.Sources s = parse("""
                contact = "papers@lab.example.org"

                [[source]]
                name = "hf"
                kind = "hf-daily"
                url = "http://127.0.0.1:9/api/daily_papers"
                every = "2s"
                days = 2

                [[source]]
                name = "lab"
                kind = "arxiv-oai"
                sets = ["cs", "stat"]
                since = "2026-08-01"
                list_categories = ["cs.CL", "stat.ML"]

                [[source]]
                name = "details"
                kind = "arxiv-enrich"

                [[source]]
                name = "stars"
                kind = "github-stars"
                every = "6h"
                """);

        assertThat(s.contact()).isEqualTo("papers@lab.example.org");
        assertThat(s.sources()).extracting(SourceSpec::name).containsExactly("hf", "lab", "details", "stars");
        SourceSpec hf = s.sources().get(0);
        assertThat(hf.every()).isEqualTo(Duration.ofSeconds(2));
        assertThat(hf.days()).isEqualTo(2);
        assertThat(hf.url().toString()).isEqualTo("http://127.0.0.1:9/api/daily_papers");
        SourceSpec lab = s.sources().get(1);
        assertThat(lab.url().toString()).isEqualTo("https://oaipmh.arxiv.org/oai");
        assertThat(lab.sets()).containsExactly("cs", "stat");
        assertThat(lab.since()).isEqualTo(LocalDate.parse("2026-08-01"));
        assertThat(lab.listCategories()).isEqualTo(Set.of("cs.CL", "stat.ML"));
        assertThat(lab.every()).isEqualTo(Duration.ofHours(12));
        assertThat(s.sources().get(2).maxRequests()).isEqualTo(10);
        assertThat(s.sources().get(3).days()).isEqualTo(7);
        assertThat(s.sources().get(3).every()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void sinceDefaultsToAWeekAgoAndMayBeABareTomlDate() {
        SourcesFile.Sources s = parse("""
                [[source]]
                name = "a"
                kind = "arxiv-oai"
                sets = ["cs"]

                [[source]]
                name = "b"
                kind = "arxiv-oai"
                sets = ["cs"]
                since = 2026-07-01
                """);
        assertThat(s.sources().get(0).since()).isEqualTo(TODAY.minusDays(7));
        assertThat(s.sources().get(1).since()).isEqualTo(LocalDate.parse("2026-07-01"));
    }

    @Test
    void errorsNameTheLineAndTheKey() {
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = "hf-daily"

                [[source]]
                name = "lab"
                kind = "arxiv-oai"
                sets = ["cs"]
                evry = "1h"
                """)).hasMessage("sources.toml:9: source 2, evry: unknown key for kind arxiv-oai (it takes every, "
                + "kind, list_categories, metadata_prefix, name, sets, since, url)");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = "hf-daily"
                every = "half an hour"
                """)).hasMessage("sources.toml:4: source 1, every: 'half an hour' is not a duration like 2s, 30m, "
                + "6h or 1d");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "x"
                kind = "rss"
                """)).hasMessage("sources.toml:3: source 1, kind: 'rss' is not a kind; use one of hf-daily, "
                + "arxiv-oai, arxiv-enrich, github-stars");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "lab"
                kind = "arxiv-oai"
                """)).hasMessageStartingWith("sources.toml:1: source 1, sets: an arxiv-oai source needs sets");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = "hf-daily"
                days = 0
                """)).hasMessage("sources.toml:4: source 1, days: must be a whole number from 1 to 60, got 0");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = "hf-daily"
                url = "ftp://example.org/x"
                """)).hasMessage("sources.toml:4: source 1, url: 'ftp://example.org/x' is not an http(s) address");
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = "hf-daily"
                [[source]]
                name = "hf"
                kind = "arxiv-enrich"
                """)).hasMessage("sources.toml:5: source 2, name: 'hf' is used by two sources");
        assertThatThrownBy(() -> parse("""
                contact = "me@example.org"
                mirror = true
                """)).hasMessage("sources.toml:2: mirror: unknown key (expected contact or [[source]] tables)");
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> parse("""
                [[source]]
                name = "hf"
                kind = hf-daily
                """)).hasMessageStartingWith("sources.toml:3: not valid TOML");
    }

    @Test
    void anEmptyFileTurnsEverySourceOffAndNoFileMeansTheDefaults(@TempDir Path home) throws Exception {
        assertThat(parse("# nothing followed\n").sources()).isEmpty();

        SourcesFile.Sources defaults = SourcesFile.load(home, TODAY);
        assertThat(defaults.fromFile()).isFalse();
        assertThat(defaults.sources()).extracting(s -> s.kind().key() + " " + s.url() + " " + s.every())
                .containsExactly("hf-daily https://huggingface.co/api/daily_papers PT30M",
                        "arxiv-enrich https://export.arxiv.org/api/query PT30M");
        assertThat(defaults.sources().getFirst().days()).isEqualTo(3);

        Files.writeString(home.resolve("sources.toml"), "");
        assertThat(SourcesFile.load(home, TODAY).sources()).isEqualTo(List.of());
    }
}
