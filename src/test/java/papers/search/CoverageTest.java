package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static LexicalQueries.Built words(int n) {
        return new LexicalQueries.Built(MatchAllDocsQuery.INSTANCE, null,
                Collections.nCopies(n, new Term[] {new Term("stemmed", "w")}), Collections.nCopies(n, 1f));
    }

    @Test
    void shortQueriesMustBeHeldByTheFloorsShareLongOnesByAboutThreeWords() {
        assertThat(Coverage.floor(0.5f, words(1))).isEqualTo(0.5f);
        assertThat(Coverage.floor(0.5f, words(3))).isEqualTo(0.5f);
        assertThat(Coverage.floor(0.5f, words(12))).isEqualTo(0.125f);
        assertThat(Coverage.floor(0.5f, new LexicalQueries.Built(MatchAllDocsQuery.INSTANCE, null, List.of(), List.of())))
                .isEqualTo(0.5f);
    }
}
