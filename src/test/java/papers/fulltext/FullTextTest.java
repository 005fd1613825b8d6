package papers.fulltext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.PoliteHttpClient;
import papers.support.FixtureServer;
import papers.support.Fixtures;

/** Full text from a local stand-in for arXiv's HTML versions: converted, stored, remembered when missing. */
class FullTextTest {

    @TempDir
    Path home;

    private static PoliteHttpClient client() {
        return new PoliteHttpClient(Duration.ZERO, Duration.ZERO, 1, d -> { });
    }

    @Test
    void anArxivHtmlPageBecomesMarkdownWithMathAndWithoutImages() throws Exception {
        byte[] page = Files.readAllBytes(Fixtures.path("arxiv-html-latexml-sample.html"));
        try (FixtureServer arxiv = new FixtureServer(uri -> uri.getPath().equals("/html/2405.15738")
                ? FixtureServer.Answer.ok(page) : new FixtureServer.Answer(404, null, new byte[0]))) {
            FullText text = new FullText(home.resolve("fulltext"), client(), arxiv.url("").replaceAll("/$", ""));
            assertThat(text.stored("2405.15738")).isEmpty();
            assertThat(text.fetch("2405.15738")).isTrue();
            String md = text.stored("2405.15738").orElseThrow();
            assertThat(md).startsWith("## Abstract\n\nHigh-resolution models meet *quadratic* cost "
                    + "$\\mathcal{O}(n^{2})$ in the number of tokens.");
            assertThat(md).contains("## 1 Introduction")
                    .contains("We compress with a **hierarchical** backbone; code is at "
                            + "[github.com/alibaba/conv-llava](https://github.com/alibaba/conv-llava).")
                    .contains("$$L=\\sum_{i=1}^{N}\\ell_{i}$$")
                    .contains("*Figure 1: The five stages of ConvNeXt.*")
                    .contains("### 1.1 Contributions\n\n- A 5-stage backbone.\n- Two *training* stages.")
                    .contains("## References").contains("- Liu et al. Visual instruction tuning. NeurIPS 2023.");
            assertThat(md).doesNotContain("x1.png").doesNotContain("tracker.js").doesNotContain("Chunjiang Ge")
                    .doesNotContain("LaTeXML").doesNotContain("ConvLLaVA: Hierarchical");
            assertThat(text.known("2405.15738")).isTrue();
            assertThat(arxiv.requests()).containsExactly("/html/2405.15738");
        }
    }

    @Test
    void aPaperWithoutAnHtmlVersionIsRememberedAndNetworkTroubleIsNot() throws Exception {
        try (FixtureServer arxiv = new FixtureServer(uri -> uri.getPath().contains("9901001")
                ? new FixtureServer.Answer(404, null, new byte[0]) : new FixtureServer.Answer(500, null, new byte[0]))) {
            FullText text = new FullText(home.resolve("fulltext"), client(), arxiv.url("").replaceAll("/$", ""));
            assertThat(text.fetch("hep-th/9901001")).isFalse();
            assertThat(text.known("hep-th/9901001")).isTrue();
            assertThat(text.stored("hep-th/9901001")).isEmpty();
            assertThatThrownBy(() -> text.fetch("2405.15738")).isInstanceOf(IOException.class);
            assertThat(text.known("2405.15738")).isFalse();
        }
    }
}
