package papers.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void wordsPhrasesFieldsAndExclusions() {
        SearchQuery q = SearchQuery.parse("sparse \"mixture of experts\" author:\"Shwai He\" org:openbmb -vision attention");
        assertThat(q.terms()).containsExactly("sparse", "attention");
        assertThat(q.phrases()).containsExactly("mixture of experts");
        assertThat(q.authors()).containsExactly("Shwai He");
        assertThat(q.organizations()).containsExactly("openbmb");
        assertThat(q.excluded()).containsExactly("vision");
        assertThat(q.isFielded()).isTrue();
        assertThat(q.wantsVectors()).as("fielded queries go lexical only").isFalse();
    }

    @Test
    void idsVersionsAndPastedUrlsAreLookups() {
        for (String text : new String[] {"2405.15738", "2405.15738v2", " arXiv:2405.15738 ",
                "https://arxiv.org/abs/2405.15738v1", "arxiv.org/pdf/2405.15738", "https://arxiv.org/pdf/2405.15738v3.pdf"}) {
            SearchQuery q = SearchQuery.parse(text);
            assertThat(q.isIdLookup()).as(text).isTrue();
            assertThat(q.arxivId().id()).as(text).isEqualTo("2405.15738");
            assertThat(q.wantsVectors()).isFalse();
        }
        assertThat(SearchQuery.parse("2405.15738 attention").isIdLookup()).isFalse();
    }

    @Test
    void oddInputIsReadAsText() {
        assertThat(SearchQuery.parse("\"unclosed quote attention").terms()).containsExactly("unclosed", "quote", "attention");
        assertThat(SearchQuery.parse("(attention [layers").terms()).containsExactly("(attention", "[layers");
        assertThat(SearchQuery.parse("attention - layers").terms()).containsExactly("attention", "layers");
        assertThat(SearchQuery.parse("atten\u0000tion\u0007 \u001b[31m").terms()).containsExactly("atten", "tion", "[31m");
        assertThat(SearchQuery.parse("🤖 robots").terms()).containsExactly("robots");
        assertThat(SearchQuery.parse("author: attention").authors()).isEmpty();
        assertThat(SearchQuery.parse("   ").isEmpty()).isTrue();
        assertThat(SearchQuery.parse("x".repeat(SearchQuery.MAX_LENGTH)).terms()).hasSize(1);
    }

    @Test
    void nothingToSearchOrTooLongIsAClearError() {
        for (String text : new String[] {"*:*", "-", "\"\"", "🤖🤖", "((( )))", "\u0000\u0001"}) {
            assertThatThrownBy(() -> SearchQuery.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no words to search for");
        }
        assertThatThrownBy(() -> SearchQuery.parse("attention ".repeat(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @Test
    void sortAndFiltersRejectNonsense() {
        assertThat(SearchSort.parse("Date")).isEqualTo(SearchSort.DATE);
        assertThat(SearchSort.parse(null)).isEqualTo(SearchSort.RELEVANCE);
        assertThatThrownBy(() -> SearchSort.parse("random")).hasMessageContaining("relevance, date or upvotes");
        assertThatThrownBy(() -> new SearchFilters(java.time.LocalDate.of(2024, 2, 1), java.time.LocalDate.of(2024, 1, 1),
                null, 0)).hasMessageContaining("after");
        assertThatThrownBy(() -> new SearchFilters(null, null, null, -1)).hasMessageContaining("negative");
    }
}
