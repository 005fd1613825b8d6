package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The second pass scores each candidate exactly as Lucene scores the same clauses as one query ({@link SecondPass}
 * walks each term's postings once instead): word clauses with and without norms, papers without the field, and
 * sloppy proximity over words that repeat, overlap and come in either order.
 */
class SecondPassTest {

    private static final String[] VOCABULARY = {"a", "b", "c", "d", "e", "f"};

    @Test
    void sloppyFrequencyIsLucenes() {
        int slop = LexicalQueries.PROXIMITY_SLOP;
        assertThat(SecondPass.sloppyFreq(new int[] {0}, 1, new int[] {1}, 1, slop)).isEqualTo(1f); // "a b"
        assertThat(SecondPass.sloppyFreq(new int[] {0}, 1, new int[] {2}, 1, slop)).isEqualTo(0.5f); // "a x b"
        assertThat(SecondPass.sloppyFreq(new int[] {1}, 1, new int[] {0}, 1, slop)).isEqualTo(1f / 3); // "b a"
        assertThat(SecondPass.sloppyFreq(new int[] {0}, 1, new int[] {9}, 1, slop)).isZero(); // too far apart
    }

    @Test
    void candidatesScoreWhatTheOneLuceneQueryGivesThem() throws Exception {
        Random random = new Random(42);
        FieldType noNorms = new FieldType(TextField.TYPE_NOT_STORED);
        noNorms.setOmitNorms(true);
        noNorms.freeze();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig(new WhitespaceAnalyzer())
                    .setSimilarity(SearchIndex.SIMILARITY).setMaxBufferedDocs(97); // several segments
            try (IndexWriter w = new IndexWriter(dir, config)) {
                for (int i = 0; i < 600; i++) {
                    Document doc = new Document();
                    doc.add(new TextField("text", words(random, 1 + random.nextInt(40)), Field.Store.NO));
                    if (random.nextInt(3) > 0) { // a third of the papers have no title
                        doc.add(new TextField("title", words(random, 1 + random.nextInt(8)), Field.Store.NO));
                    }
                    doc.add(new Field("names", words(random, 1 + random.nextInt(4)), noNorms));
                    w.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(SearchIndex.SIMILARITY);
                assertThat(reader.leaves()).hasSizeGreaterThan(1);
                int compared = 0;
                for (int q = 0; q < 40; q++) {
                    SecondPass pass = randomPass(random);
                    Map<Integer, Float> lucene = new HashMap<>();
                    for (ScoreDoc d : searcher.search(pass.toQuery(), reader.maxDoc()).scoreDocs) {
                        lucene.put(d.doc, d.score);
                    }
                    List<ScoreDoc> candidates = new ArrayList<>();
                    for (int doc = 0; doc < reader.maxDoc(); doc += 1 + random.nextInt(3)) {
                        candidates.add(new ScoreDoc(doc, 1f));
                    }
                    ScoreDoc[] byDoc = candidates.toArray(ScoreDoc[]::new);
                    pass.addTo(searcher, byDoc);
                    for (ScoreDoc d : byDoc) {
                        float expected = 1f + lucene.getOrDefault(d.doc, 0f);
                        assertThat(d.score).as("doc %d for %s", d.doc, pass).isEqualTo(expected);
                        compared += lucene.containsKey(d.doc) ? 1 : 0;
                    }
                }
                assertThat(compared).as("candidates the clauses matched").isGreaterThan(1000);
            }
        }
    }

    private static SecondPass randomPass(Random random) {
        SecondPass pass = new SecondPass();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            String field = List.of("text", "title", "names").get(random.nextInt(3));
            pass.word(new Term(field, word(random)), 0.2f + random.nextInt(10) / 5f);
        }
        pass.word(new Term("text", "absent"), 1f); // no paper has it: scores nothing
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            pass.near("text", word(random), word(random), 0.5f + random.nextInt(4) / 4f);
        }
        return pass;
    }

    private static String words(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(word(random)).append(' ');
        }
        return s.toString();
    }

    private static String word(Random random) {
        return VOCABULARY[random.nextInt(VOCABULARY.length)];
    }
}
