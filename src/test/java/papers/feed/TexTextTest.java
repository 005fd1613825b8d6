package papers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import papers.support.Fixtures;

class TexTextTest {

    /** The real texts of fixtures/tex/tex-in-real-text.tsv, by id and field. */
    private static Map<String, String> realTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String line : new String(Fixtures.bytes("tex/tex-in-real-text.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            texts.put(cells[0] + " " + cells[2], cells[3]);
        }
        return texts;
    }

    @Test
    void realTitlesReadAsText() {
        Map<String, String> real = realTexts();
        Map<String, String> expected = Map.ofEntries(
                Map.entry("2405.17258", "Trans-LoRA: towards data-free Transferable Parameter Efficient Finetuning"),
                Map.entry("2406.00153", "μLO: Compute-Efficient Meta-Generalization of Learned Optimizers"),
                Map.entry("2406.11430", "A Simple and Effective L₂ Norm-Based Strategy for KV Cache Compression"),
                Map.entry("2406.14347", "∇²DFT: A Universal Quantum Chemistry Dataset of Drug-Like Molecules and a "
                        + "Benchmark for Neural Network Potentials"),
                Map.entry("2407.17453", "VILA²: VILA Augmented VILA"),
                Map.entry("2409.10836", "Single-Layer Learnable Activation for Implicit Neural Representation "
                        + "(SL²A-INR)"),
                Map.entry("2410.09342", "LLM×MapReduce: Simplified Long-Sequence Processing using Large Language Models"),
                Map.entry("2410.13859", "γ-MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language "
                        + "Models"),
                Map.entry("2411.07641", "Top-nσ: Not All Logits Are You Need"),
                Map.entry("2501.06252", "Transformer²: Self-adaptive LLMs"),
                Map.entry("2502.15681", "One-step Diffusion Models with f-Divergence Distribution Matching"));
        for (var e : expected.entrySet()) {
            String raw = real.get(e.getKey() + " title");
            assertThat(raw).as(e.getKey()).contains("$");
            assertThat(TexText.plain(raw)).as(raw).isEqualTo(e.getValue());
        }
    }

    @Test
    void dollarsThatAreMoneyStay() {
        Map<String, String> real = realTexts();
        for (String id : new String[] {"2502.12115", "2503.09642", "2505.13103"}) {
            String raw = real.get(id + " title");
            assertThat(TexText.plain(raw)).as(raw).isEqualTo(raw);
        }
        assertThat(TexText.plain(real.get("2603.07980 title")))
                .isEqualTo("$OneMillion-Bench: How Far are Language Agents from Human Experts?");
        assertThat(TexText.plain("Costs $5 and $10 a month")).isEqualTo("Costs $5 and $10 a month");
    }

    @Test
    void realAiSummariesReadAsText() {
        Map<String, String> real = realTexts();
        assertThat(TexText.plain(real.get("2505.24863 paper.ai_summary"))).startsWith("AlphaOne dynamically modulates "
                + "reasoning in large models by introducing α moment and Bernoulli process");
        assertThat(TexText.plain(real.get("2507.13347 paper.ai_summary")))
                .startsWith("A permutation-equivariant neural network, π³, reconstructs");
        assertThat(TexText.plain(real.get("2511.08195 paper.ai_summary"))).startsWith("UI2Codeᴺ, a visual language");
        assertThat(TexText.plain(real.get("2511.20649 paper.ai_summary")))
                .startsWith("A new inference-time framework, ∞-RoPE, addresses");
    }

    /** Math of the arXiv abstracts in fixtures/arxiv-oai-listrecords-arXiv-physics-hep-ex-2017-12-14.xml. */
    @Test
    void arxivAbstractMath() {
        assertThat(TexText.plain("the $U(1)_{B-L}$ gauge boson")).isEqualTo("the U(1)_(B-L) gauge boson");
        assertThat(TexText.plain("a $Z^\\prime$ at $m_{Z'} \\sim 5.5$ GeV")).isEqualTo("a Z′ at m_(Z') ∼ 5.5 GeV");
        assertThat(TexText.plain("$\\mathcal{O}$(1) fb$^{-1}$")).isEqualTo("O(1) fb⁻¹");
        assertThat(TexText.plain("$\\bar U\\bar D\\bar D$")).as("combining macrons")
                .isEqualTo("U\u0304D\u0304D\u0304");
    }

    @Test
    void commonConstructs() {
        assertThat(TexText.plain("runs in $\\mathcal{O}(n^2)$ time")).isEqualTo("runs in O(n²) time");
        assertThat(TexText.plain("$O(n\\log n)$")).isEqualTo("O(n log n)");
        assertThat(TexText.plain("$\\frac{1}{2}$ and $\\frac{a+b}{c}$")).isEqualTo("1/2 and (a+b)/c");
        assertThat(TexText.plain("$\\sqrt{d_k}$ and $\\sqrt{a+b}$")).isEqualTo("√dₖ and √(a+b)");
        assertThat(TexText.plain("$x \\in \\mathbb{R}^{d}$, $\\alpha \\leq \\beta$")).isEqualTo("x ∈ ℝᵈ, α ≤ β");
        assertThat(TexText.plain("$$\\sum_{i=1}^{n} x_i$$")).isEqualTo("∑ᵢ₌₁ⁿ xᵢ");
        assertThat(TexText.plain("\\(W^\\top x\\) and \\textbf{bold} 50\\% off")).isEqualTo("Wᵀ x and bold 50% off");
        assertThat(TexText.plain("$x^{\\text{max}}$")).isEqualTo("xᵐᵃˣ");
        assertThat(TexText.plain("$x^{Q}$")).as("no superscript Q in Unicode").isEqualTo("x^Q");
        assertThat(TexText.plain("no math at all")).isEqualTo("no math at all");
        assertThat(TexText.plain(null)).isNull();
        assertThat(TexText.plain("an unclosed $\\alpha")).isEqualTo("an unclosed $\\alpha");
    }
}
