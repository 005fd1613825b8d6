package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
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

    @Test
    void papersNotKnownYetAreLookedUpAndKnownSharesAreKept() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
                for (String text : List.of("speculative decoding", "decoding", "other words")) {
                    Document doc = new Document();
                    doc.add(new TextField("stemmed", text, Field.Store.NO));
                    w.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                LexicalQueries.Built query = new LexicalQueries.Built(MatchAllDocsQuery.INSTANCE, null,
                        List.of(new Term[] {new Term("stemmed", "speculative")}, new Term[] {new Term("stemmed", "decoding")}),
                        List.of(3f, 1f));
                ScoreDoc[] all = {new ScoreDoc(0, 0), new ScoreDoc(1, 0), new ScoreDoc(2, 0)};

                assertThat(Coverage.of(searcher, query, all)).containsExactlyInAnyOrderEntriesOf(
                        Map.of(0, 1f, 1, 0.25f, 2, 0f));
                assertThat(Coverage.of(searcher, query, Map.of(2, 0.5f), all)).as("paper 2's share was known")
                        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 1f, 1, 0.25f, 2, 0.5f));
                LexicalQueries.Built noWords = new LexicalQueries.Built(MatchAllDocsQuery.INSTANCE, null, List.of(),
                        List.of());
                assertThat(Coverage.of(searcher, noWords, all)).as("no free words: every paper holds the query")
                        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 1f, 1, 1f, 2, 1f));
            }
        }
    }
}
