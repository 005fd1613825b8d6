package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which words find candidates in the first pass and which only rescore them ({@link LexicalQueries}). */
class LexicalQueriesTest {

    private static final long PAPERS = 1_000_000;

    private static java.util.Set<String> common(Map<String, Long> papersWith) {
        return LexicalQueries.commonWords(new LinkedHashSet<>(papersWith.keySet()), papersWith, PAPERS);
    }

    @Test
    void wordsInManyPapersOnlyRescoreWhenRarerWordsFind() {
        long many = (long) (LexicalQueries.COMMON_SHARE * PAPERS) + 1;
        Map<String, Long> df = new java.util.LinkedHashMap<>();
        df.put("speculative", 900L);
        df.put("decoding", 4_000L);
        df.put("drafter", 120L);
        df.put("latency", 15_000L);
        df.put("model", many * 10);
        df.put("large", many * 5);
        df.put("language", many * 8);
        assertThat(common(df)).containsExactlyInAnyOrder("model", "large", "language");
    }

    @Test
    void aQueryOfCommonWordsFindsWithItsRarestOnes() {
        long many = (long) (LexicalQueries.COMMON_SHARE * PAPERS) + 1;
        Map<String, Long> df = new java.util.LinkedHashMap<>();
        List<String> words = List.of("improved", "performance", "across", "diverse", "tasks", "using", "framework");
        for (int i = 0; i < words.size(); i++) {
            df.put(words.get(i), many + 1_000L * i); // "improved" the rarest, "framework" the commonest
        }
        assertThat(common(df)).hasSize(words.size() - LexicalQueries.MIN_FINDERS)
                .doesNotContainAnyElementsOf(words.subList(0, LexicalQueries.MIN_FINDERS));
    }

    @Test
    void aLongQueryOfRareWordsFindsWithItsRarestTwelve() {
        Map<String, Long> df = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) { // a pasted abstract: 30 words, each in under 5 % of the papers
            df.put("w" + i, 100L + 30 - i); // w29 the rarest, w0 the commonest
        }
        java.util.Set<String> rescoreOnly = common(df);
        assertThat(rescoreOnly).hasSize(30 - LexicalQueries.MAX_FINDERS);
        for (int i = 0; i < 30; i++) {
            assertThat(rescoreOnly.contains("w" + i)).as("w%d rescores only", i)
                    .isEqualTo(i < 30 - LexicalQueries.MAX_FINDERS);
        }
    }

    @Test
    void aShortQueryFindsWithEveryWordAndAWordFoundNowhereNeverCountsAsAFinder() {
        long many = (long) (LexicalQueries.COMMON_SHARE * PAPERS) + 1;
        Map<String, Long> df = new java.util.LinkedHashMap<>();
        df.put("large", many * 5);
        df.put("language", many * 8);
        df.put("modles", 0L); // a typo: looked up by its near spellings, which always find
        assertThat(common(df)).isEmpty();
    }
}
