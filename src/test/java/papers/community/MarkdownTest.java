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

    @Test
    void onlyHttpAndMailtoLinksSurviveAndImagesBecomeLinks() {
        String data = Markdown.toHtml("[x](data:text/html;base64,PHNjcmlwdD4=) [y](DATA:image/png;base64,AAAA) "
                + "[z](vbscript:x) [rel](/admin/users) [ftp](ftp://example.org/f)");
        assertThat(data).doesNotContain("<a").doesNotContain("data:").doesNotContain("DATA:")
                .contains("x").contains("y").contains("rel").contains("ftp");
        String tracker = Markdown.toHtml("![pixel](https://evil.example/t.png \"t\")");
        assertThat(tracker).doesNotContain("<img")
                .contains("<a rel=\"nofollow ugc\" href=\"https://evil.example/t.png\" title=\"t\">pixel</a>");
        assertThat(Markdown.toHtml("![](https://evil.example/t.png)"))
                .contains(">https://evil.example/t.png</a>").doesNotContain("<img");
        assertThat(Markdown.toHtml("![x](data:image/png;base64,AAAA)")).doesNotContain("<img").doesNotContain("data:")
                .doesNotContain("<a");
        assertThat(Markdown.toHtml("[mail](mailto:ada@example.org) <https://example.org/p>"))
                .contains("href=\"mailto:ada@example.org\"").contains("href=\"https://example.org/p\"");
    }
}
