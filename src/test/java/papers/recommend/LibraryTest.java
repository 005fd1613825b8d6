package papers.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import papers.support.Fixtures;

/** Reading reference-library exports in the formats reference managers write (fixtures/library). */
class LibraryTest {

    static String fixture(String name) {
        return new String(Fixtures.bytes("library/" + name), StandardCharsets.UTF_8);
    }

    @Test
    void arxivsOwnBibtexGivesVersionlessEprints() {
        assertThat(Library.detect(fixture("arxiv-export.bib"))).isEqualTo(Library.Format.BIBTEX);
        assertThat(Library.read(fixture("arxiv-export.bib"))).containsExactly(
                new Library.Entry("2608.19880", null, "EnvHarness: Awakening Static Worlds for Agent Learning"),
                new Library.Entry("2608.19799", null,
                        "SWE-bench Science: Can Coding Agents Resolve Engineering Tasks in Science?"));
    }

    @Test
    void zoteroBibtexFindsArxivIdsInUrlsAndKeepsTitlesOfTheRest() {
        List<Library.Entry> entries = Library.read(fixture("zotero-export.bib"));
        assertThat(entries).containsExactly(
                new Library.Entry("2608.19758", "10.48550/arxiv.2608.19758",
                        "FlashPrefill V2: Block-Sparse Prefill Attention for Long-Context LLM Serving"),
                new Library.Entry(null, null, "Towards Quantifying Benchmark Optimization in ASR Models"),
                new Library.Entry(null, null, "The Art of Computer Programming, Volume 1"));
    }

    @Test
    void risEntriesEndAtER() {
        assertThat(Library.detect(fixture("zotero-export.ris"))).isEqualTo(Library.Format.RIS);
        assertThat(Library.read(fixture("zotero-export.ris"))).containsExactly(
                new Library.Entry("2608.20202", "10.48550/arxiv.2608.20202",
                        "MemTrapBench: Benchmarking Cognitive Traps in LLM Memory Use"),
                new Library.Entry(null, null, "Chain-of-Experience for Continual LLM Improvement"),
                new Library.Entry(null, "10.1000/not-here.2025.1", "A Paper That Is Not Here"));
    }

    @Test
    void zoteroCsvWithAQuotedNewline() {
        assertThat(Library.detect(fixture("zotero-export.csv"))).isEqualTo(Library.Format.CSV);
        List<Library.Entry> entries = Library.read(fixture("zotero-export.csv"));
        assertThat(entries).extracting(Library.Entry::arxivId).containsExactly("2608.20335", null, null);
        assertThat(entries.get(1).title()).startsWith("NARU: A Benchmark");
        assertThat(entries.get(2).title()).isEqualTo("The Art of Computer Programming, Volume 1");
    }

    @Test
    void cslJsonFromZotero() {
        assertThat(Library.read(fixture("zotero-export.json"))).containsExactly(
                new Library.Entry("2608.19891", "10.48550/arxiv.2608.19891", "EXIMO: VLM Guided Exploration of VLA Policies"),
                new Library.Entry(null, null, "Repo0: Design-Driven Zero-to-All Code Generation"));
    }

    @Test
    void somethingElseIsRefusedWithAMessage() {
        assertThatThrownBy(() -> Library.read("just some words\nand more"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BibTeX");
        assertThatThrownBy(() -> Library.read("[1, 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> Library.read("{\"a\": 1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array");
    }

    @Test
    void titlesCompareWithoutCaseOrPunctuation() {
        assertThat(Library.normalizeTitle("{FlashPrefill} V2: Block-Sparse  Prefill"))
                .isEqualTo("flashprefill v2 block sparse prefill");
    }
}
