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
    void theArxivDelayMayBeZeroButNotNegativeAndTheGithubTokenIsOptional() {
        assertThat(Config.from(Map.of()).arxivDelayMillis()).isEqualTo(3_000);
        assertThat(Config.from(Map.of("PAPERS_ARXIV_DELAY_MS", "0")).arxivDelayMillis()).isZero();
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_ARXIV_DELAY_MS", "-5")))
                .hasMessage("PAPERS_ARXIV_DELAY_MS must be 0 or more, got -5");
        assertThat(Config.from(Map.of()).githubToken()).isNull();
        assertThat(Config.from(Map.of("PAPERS_GITHUB_TOKEN", " ")).githubToken()).isNull();
        assertThat(Config.from(Map.of("PAPERS_GITHUB_TOKEN", "ghp_x")).githubToken()).isEqualTo("ghp_x");
    }

    @Test
    void aMalformedNumberNamesTheVariable() {
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_PORT", "eighty")))
                .hasMessageContaining("PAPERS_PORT");
    }

    @Test
    void submissionSettingsHaveDefaultsAndRefuseNonsense() {
        assertThat(Config.from(Map.of()).submissions()).isEqualTo(Config.Submissions.DEFAULTS);
        Config.Submissions set = Config.from(Map.of("PAPERS_ARXIV_API_URL", "http://127.0.0.1:9/api/query",
                "PAPERS_SUBMIT_MAX_AGE_DAYS", "30", "PAPERS_SUBMIT_DAILY_LIMIT", "2")).submissions();
        assertThat(set).isEqualTo(new Config.Submissions("http://127.0.0.1:9/api/query", 30, 2));
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_ARXIV_API_URL", "export.arxiv.org/api/query")))
                .hasMessageContaining("PAPERS_ARXIV_API_URL");
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_SUBMIT_DAILY_LIMIT", "0")))
                .hasMessageContaining("PAPERS_SUBMIT_DAILY_LIMIT");
        assertThatThrownBy(() -> Config.from(Map.of("PAPERS_SUBMIT_MAX_AGE_DAYS", "two weeks")))
                .hasMessageContaining("PAPERS_SUBMIT_MAX_AGE_DAYS");
    }

    @Test
    void toStringNeverCarriesTheDatabasePasswordOrTheGithubToken() {
        Config config = Config.from(Map.of("PAPERS_DB_PASSWORD", "s3cret-pw", "PAPERS_GITHUB_TOKEN", "ghp_tok3n"));
        assertThat(config.dbPassword()).isEqualTo("s3cret-pw");
        assertThat(config.toString()).doesNotContain("s3cret-pw").doesNotContain("ghp_tok3n")
                .contains("dbPassword=(set)").contains("githubToken=(set)");
    }

    @Test
    void theSecurityContactIsAnEmailOrHttpsAddress() {
        assertThat(Config.from(Map.of()).securityContact()).isNull();
        assertThat(Config.from(Map.of("PAPERS_SECURITY_CONTACT", " security@lab.example.org "))
                .securityContact()).isEqualTo("mailto:security@lab.example.org");
        assertThat(Config.from(Map.of("PAPERS_SECURITY_CONTACT", "https://lab.example.org/report"))
                .securityContact()).isEqualTo("https://lab.example.org/report");
        for (String bad : new String[] {"http://lab.example.org/report", "someone", "mailto:nobody", "a b@c.d"}) {
            assertThatThrownBy(() -> Config.from(Map.of("PAPERS_SECURITY_CONTACT", bad))).as(bad)
                    .hasMessageStartingWith("PAPERS_SECURITY_CONTACT must be an email address or an https:// address");
        }
    }
}
