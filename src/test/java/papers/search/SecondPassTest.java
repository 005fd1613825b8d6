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
 * sloppy proximity over words that repeat, overlap and come in either order; and it measures each candidate's
 * coverage of the query's words (the relevance floor's {@link Coverage}), checked against a plain count. A clause
 * given twice weighs the sum of its weights, as Lucene's rewrite of a disjunction makes it.
 */
class SecondPassTest {

    private static final String[] VOCABULARY = {"a", "b", "c", "d", "e", "f"};

    @Test
    void sloppyFrequencyIsLucenes() {
        int slop = LexicalQueries.PROXIMITY_SLOP;
        assertThat(CandidateWalk.sloppyFreq(new int[] {0}, 1, new int[] {1}, 1, slop)).isEqualTo(1f); // "a b"
        assertThat(CandidateWalk.sloppyFreq(new int[] {0}, 1, new int[] {2}, 1, slop)).isEqualTo(0.5f); // "a x b"
        assertThat(CandidateWalk.sloppyFreq(new int[] {1}, 1, new int[] {0}, 1, slop)).isEqualTo(1f / 3); // "b a"
        assertThat(CandidateWalk.sloppyFreq(new int[] {0}, 1, new int[] {9}, 1, slop)).isZero(); // too far apart
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
                int partlyHeld = 0;
                for (int q = 0; q < 40; q++) {
                    SecondPass pass = randomPass(random);
                    LexicalQueries.Built held = randomHeld(random, q % 10 == 9);
                    pass.hold(held.words(), held.weights());
                    Map<Integer, Float> lucene = new HashMap<>();
                    for (ScoreDoc d : searcher.search(pass.toQuery(), reader.maxDoc()).scoreDocs) {
                        lucene.put(d.doc, d.score);
                    }
                    List<ScoreDoc> candidates = new ArrayList<>();
                    for (int doc = 0; doc < reader.maxDoc(); doc += 1 + random.nextInt(3)) {
                        candidates.add(new ScoreDoc(doc, 1f));
                    }
                    ScoreDoc[] byDoc = candidates.toArray(ScoreDoc[]::new);
                    Map<Integer, Float> coverage = coverage(searcher, held);
                    float[] shares = pass.addTo(new TermLookups(searcher), byDoc);
                    for (ScoreDoc d : byDoc) {
                        float expected = 1f + lucene.getOrDefault(d.doc, 0f);
                        assertThat(d.score).as("doc %d for %s", d.doc, pass).isEqualTo(expected);
                        compared += lucene.containsKey(d.doc) ? 1 : 0;
                    }
                    for (int i = 0; i < byDoc.length; i++) {
                        assertThat(shares[i]).as("coverage of doc %d", byDoc[i].doc)
                                .isEqualTo(coverage.get(byDoc[i].doc));
                        partlyHeld += shares[i] > 0 && shares[i] < 1 ? 1 : 0;
                    }
                }
                assertThat(compared).as("candidates the clauses matched").isGreaterThan(1000);
                assertThat(partlyHeld).as("candidates holding some of the words, not all").isGreaterThan(1000);
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

    /**
     * Every paper's coverage of {@code held}, counted plainly: per word, the papers a term query of any of its terms
     * finds; a held word adds its weight over the total, in the words' order; all 1 when the weights are all 0.
     */
    private static Map<Integer, Float> coverage(IndexSearcher searcher, LexicalQueries.Built held) throws Exception {
        int docs = searcher.getIndexReader().maxDoc();
        float total = 0;
        for (float w : held.weights()) {
            total += w;
        }
        float[] share = new float[docs];
        for (int w = 0; w < held.words().size(); w++) {
            java.util.Set<Integer> holding = new java.util.HashSet<>();
            for (Term t : held.words().get(w)) {
                for (ScoreDoc d : searcher.search(new org.apache.lucene.search.TermQuery(t), docs).scoreDocs) {
                    holding.add(d.doc);
                }
            }
            for (int doc : holding) {
                share[doc] += held.weights().get(w) / total;
            }
        }
        Map<Integer, Float> out = new HashMap<>();
        for (int doc = 0; doc < docs; doc++) {
            out.put(doc, total == 0 ? 1f : share[doc]);
        }
        return out;
    }

    /** Words for the relevance floor: each one to three terms (one maybe in no paper), weighted (or all 0). */
    private static LexicalQueries.Built randomHeld(Random random, boolean weightless) {
        List<Term[]> words = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            Term[] terms = new Term[1 + random.nextInt(3)];
            for (int t = 0; t < terms.length; t++) {
                String field = List.of("text", "title", "names").get(random.nextInt(3));
                terms[t] = new Term(field, random.nextInt(8) == 0 ? "absent" : word(random));
            }
            words.add(terms);
            weights.add(weightless ? 0f : 0.1f + random.nextInt(30) / 7f);
        }
        return new LexicalQueries.Built(org.apache.lucene.search.MatchAllDocsQuery.INSTANCE, null, words, weights);
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
