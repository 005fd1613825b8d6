package papers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void baseUrlIsUnsetByDefaultSoLinksFollowTheRequestsHost() {
        assertThat(Config.from(Map.of()).baseUrl()).isNull();
    }

    @Test
    void configuredBaseUrlLosesItsTrailingSlashAndKeepsAcrossPortChanges() {
        Config config = Config.from(Map.of("PAPERS_BASE_URL", "https://papers.example.org/"));
        assertThat(config.baseUrl()).isEqualTo("https://papers.example.org");
        assertThat(config.withPort(7000).baseUrl()).isEqualTo("https://papers.example.org");
    }

    @Test
    void baseUrlMustBeHttp() {
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_BASE_URL", "papers.example.org")))
                .hasMessageContaining("PAPERS_BASE_URL");
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_BASE_URL", "ftp://papers.example.org")))
                .hasMessageContaining("PAPERS_BASE_URL");
    }

    @Test
    void aMalformedNumberNamesTheVariable() {
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_PORT", "eighty")))
                .hasMessageContaining("PAPERS_PORT");
    }
}
