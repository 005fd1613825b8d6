package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void rendersMarkdownEscapesRawHtmlAndMarksLinks() {
        assertThat(Markdown.toHtml("**bold** and [a link](https://example.org)"))
                .contains("<strong>bold</strong>")
                .contains("<a rel=\"nofollow ugc\" href=\"https://example.org\">a link</a>");
        String evil = Markdown.toHtml("<script>alert(1)</script> <img src=x onerror=alert(2)>");
        assertThat(evil).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
        String js = Markdown.toHtml("[click](javascript:alert(1)) ![i](javascript:alert(2))");
        assertThat(js).doesNotContain("javascript:");
        assertThat(Markdown.toHtml("[q](https://x.org/\"onmouseover=\"alert(1))")).doesNotContain("\"onmouseover");
    }
}
