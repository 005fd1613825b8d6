package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class TermLookupsTest {

    /** Three segments: a term in all of them, in one, in none, and a field only one segment has. */
    @Test
    void looksEachTermUpOnceWithLuceneStatistics() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer())
                    .setMergePolicy(NoMergePolicy.INSTANCE))) {
                List<List<String>> segments = List.of(
                        List.of("speculative decoding drafts tokens", "decoding decoding again"),
                        List.of("diffusion models denoise images", "decoding images"),
                        List.of("retrieval augmented generation"));
                for (List<String> texts : segments) {
                    for (String text : texts) {
                        Document d = new Document();
                        d.add(new TextField("text", text, Field.Store.NO));
                        if (text.startsWith("retrieval")) {
                            d.add(new TextField("title", "rag", Field.Store.NO));
                        }
                        w.addDocument(d);
                    }
                    w.commit(); // one segment per list
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertThat(reader.leaves()).hasSize(3);
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(SearchIndex.SIMILARITY);
                TermLookups lookups = new TermLookups(searcher);
                for (Term t : List.of(new Term("text", "decoding"), new Term("text", "speculative"),
                        new Term("text", "absent"), new Term("title", "rag"), new Term("nofield", "x"))) {
                    TermStates got = lookups.states(t);
                    TermStates lucene = TermStates.build(searcher, t, true);
                    assertThat(got.docFreq()).as("docFreq of %s", t).isEqualTo(lucene.docFreq())
                            .isEqualTo(reader.docFreq(t));
                    assertThat(got.totalTermFreq()).as("totalTermFreq of %s", t).isEqualTo(lucene.totalTermFreq());
                    for (LeafReaderContext leaf : reader.leaves()) {
                        assertThat(got.get(leaf) == null).as("%s in segment %d", t, leaf.ord)
                                .isEqualTo(lucene.get(leaf) == null);
                    }
                    assertThat(lookups.states(t)).as("looked up once").isSameAs(got);
                    long df = reader.docFreq(t);
                    float idf = df == 0 ? 0 : (float) Math.log(1 + (reader.numDocs() - df + 0.5) / (df + 0.5));
                    assertThat(lookups.idf(t)).as("idf of %s", t).isEqualTo(idf);
                    // A TermQuery given the states scores as one that looks the term up itself.
                    ScoreDoc[] given = searcher.search(new TermQuery(t, got), 10).scoreDocs;
                    ScoreDoc[] plain = searcher.search(new TermQuery(t), 10).scoreDocs;
                    assertThat(given).hasSameSizeAs(plain);
                    for (int i = 0; i < plain.length; i++) {
                        assertThat(given[i].doc).isEqualTo(plain[i].doc);
                        assertThat(given[i].score).isEqualTo(plain[i].score);
                    }
                }
                assertThat(lookups.docFreq(new Term("text", "decoding"))).isEqualTo(3);
                assertThat(lookups.docFreq(new Term("text", "absent"))).isZero();
            }
        }
    }
}
