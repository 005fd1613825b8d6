package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void collapsesArxivLineBreaksAndIndentation() {
        assertThat(Text.normalize("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models"))
                .isEqualTo("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models");
        assertThat(Text.normalize("  lead\ttab\r\nand\u00A0nbsp\u2003em  ")).isEqualTo("lead tab and nbsp em");
    }

    @Test
    void leavesEntitiesAndTexAlone() {
        String s = "Q&amp;A for $\\mathcal{O}(n^2)$ &lt;b&gt; caf\\'e";
        assertThat(Text.normalize(s)).isSameAs(s);
    }

    @Test
    void emptyAndNull() {
        assertThat(Text.normalize(null)).isNull();
        assertThat(Text.normalize(" \n ")).isEmpty();
        assertThat(Text.normalizeOrNull(" \n ")).isNull();
        assertThat(Text.normalizeOrNull(" x ")).isEqualTo("x");
    }
}
