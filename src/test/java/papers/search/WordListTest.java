package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import papers.ingest.HfDailyReader;
import papers.ingest.RecordSink;
import papers.paper.Author;
import papers.paper.Paper;
import papers.support.Fixtures;

/**
 * A paper's word list says what the postings of its common words say — each word's frequency and positions in the
 * combined text (stop words, possessives and the gaps between title, abstract and author names included), each
 * stem's frequency — on the real seed papers and one of an abstract a hundred thousand words long; and the second pass, reading common words from the lists, still scores
 * every candidate as Lucene scores the same clauses as one query.
 */
class WordListTest {

    @Test
    void listsSayWhatThePostingsSay() throws Exception {
        CommonWords common = CommonWords.SHIPPED;
        try (ByteBuffersDirectory dir = seedIndex(); DirectoryReader reader = DirectoryReader.open(dir)) {
            int[] textSlot = new int[common.textWords()];
            int[] stemSlot = new int[common.stems()];
            Arrays.setAll(textSlot, id -> id);
            Arrays.setAll(stemSlot, id -> common.textWords() + id);
            WordList.Reader list = new WordList.Reader(textSlot, stemSlot);
            int checkedWords = 0;
            int checkedStems = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    BinaryDocValues lists = leaf.reader().getBinaryDocValues(PaperDocument.WORDS);
                    assertThat(lists.advanceExact(doc)).isTrue();
                    int[] freq = new int[textSlot.length + stemSlot.length];
                    int[][] at = new int[freq.length][];
                    list.read(lists.binaryValue(), freq, at);
                    Map<Integer, int[]> postings = postings(leaf, doc, PaperDocument.TEXT, common);
                    for (int id = 0; id < common.textWords(); id++) {
                        int[] expected = postings.getOrDefault(id, new int[0]);
                        assertThat(freq[id]).as("frequency of word %d in doc %d", id, doc).isEqualTo(expected.length);
                        if (expected.length > 0) {
                            assertThat(Arrays.copyOf(at[id], freq[id])).as("positions").isEqualTo(expected);
                            checkedWords++;
                        }
                    }
                    Map<Integer, int[]> stems = postings(leaf, doc, PaperDocument.STEMMED, common);
                    for (int id = 0; id < common.stems(); id++) {
                        int expected = stems.getOrDefault(id, new int[0]).length;
                        assertThat(freq[common.textWords() + id]).as("frequency of stem %d in doc %d", id, doc)
                                .isEqualTo(expected);
                        checkedStems += expected > 0 ? 1 : 0;
                    }
                }
            }
            assertThat(checkedWords).as("common words found in the seed papers").isGreaterThan(1000);
            assertThat(checkedStems).as("common stems found in the seed papers").isGreaterThan(1000);
        }
    }

    @Test
    void secondPassReadingListsScoresAsLucene() throws Exception {
        try (ByteBuffersDirectory dir = seedIndex(); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(SearchIndex.SIMILARITY);
            // Common words ("model", "language", "large"), a stemmed common word, rarer ones and proximity pairs
            // between both kinds.
            SecondPass pass = new SecondPass();
            for (String w : List.of("large", "language", "models", "speculative", "decoding", "reasoning")) {
                pass.word(new Term(PaperDocument.TEXT, w), 1f);
            }
            pass.word(new Term(PaperDocument.STEMMED, "model"), 1.6f);
            pass.word(new Term(PaperDocument.STEMMED, "decod"), 1.6f);
            pass.word(new Term(PaperDocument.AUTHORS, "wang"), 0.3f);
            pass.near(PaperDocument.TEXT, "large", "language", 0.8f);
            pass.near(PaperDocument.TEXT, "language", "models", 0.8f);
            pass.near(PaperDocument.TEXT, "speculative", "decoding", 0.8f);
            pass.near(PaperDocument.TEXT, "models", "reasoning", 0.8f);
            assertThat(CommonWords.SHIPPED.textId("language")).as("a common word").isNotNegative();
            assertThat(CommonWords.SHIPPED.stemId("model")).as("a common stem").isNotNegative();
            assertThat(CommonWords.SHIPPED.textId("speculative")).as("a rarer word").isNegative();
            pass.hold(List.of(new Term[] {new Term(PaperDocument.STEMMED, "model")},
                    new Term[] {new Term(PaperDocument.STEMMED, "specul")}), List.of(1f, 3f));
            Map<Integer, Float> lucene = new HashMap<>();
            for (ScoreDoc d : searcher.search(pass.toQuery(), reader.maxDoc()).scoreDocs) {
                lucene.put(d.doc, d.score);
            }
            ScoreDoc[] all = new ScoreDoc[reader.maxDoc()];
            Arrays.setAll(all, doc -> new ScoreDoc(doc, 0f));
            float[] shares = pass.addTo(new TermLookups(searcher), all);
            int scored = 0;
            for (ScoreDoc d : all) {
                assertThat(d.score).as("doc %d", d.doc).isEqualTo(lucene.getOrDefault(d.doc, 0f));
            }
            for (int doc = 0; doc < all.length; doc++) {
                boolean model = holds(searcher, doc, "model");
                boolean speculative = holds(searcher, doc, "specul");
                assertThat(shares[doc]).as("coverage of doc %d", doc)
                        .isEqualTo((model ? 0.25f : 0f) + (speculative ? 0.75f : 0f));
                scored += lucene.getOrDefault(doc, 0f) > 0 ? 1 : 0;
            }
            assertThat(scored).as("papers the clauses score").isGreaterThan(30);
        }
    }

    private static boolean holds(IndexSearcher searcher, int doc, String stem) throws Exception {
        for (ScoreDoc d : searcher.search(new org.apache.lucene.search.TermQuery(
                new Term(PaperDocument.STEMMED, stem)), searcher.getIndexReader().maxDoc()).scoreDocs) {
            if (d.doc == doc) {
                return true;
            }
        }
        return false;
    }

    /** The positions of each common word (by id) of {@code field} in {@code doc}, from its postings. */
    private static Map<Integer, int[]> postings(LeafReaderContext leaf, int doc, String field, CommonWords common)
            throws Exception {
        Map<Integer, int[]> out = new HashMap<>();
        TermsEnum terms = leaf.reader().terms(field).iterator();
        for (BytesRef t = terms.next(); t != null; t = terms.next()) {
            int id = common.idOf(new Term(field, BytesRef.deepCopyOf(t)));
            if (id < 0) {
                continue;
            }
            PostingsEnum p = terms.postings(null, PostingsEnum.POSITIONS);
            if (p.advance(doc) == doc && doc != DocIdSetIterator.NO_MORE_DOCS) {
                int[] positions = new int[p.freq()];
                for (int k = 0; k < positions.length; k++) {
                    positions[k] = p.nextPosition();
                }
                out.put(id, positions);
            }
        }
        return out;
    }

    /** The seed papers indexed as the product indexes them, in one segment. */
    private static ByteBuffersDirectory seedIndex() throws Exception {
        List<Paper> papers = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Fixtures.path("seed-papers.jsonl"))) {
            new HfDailyReader(null).read(in, new RecordSink() {
                public void accept(Paper p) {
                    papers.add(p);
                }

                public void reject(String where, String reason) {
                }
            });
        }
        assertThat(papers).hasSizeGreaterThan(40);
        // An abstract far longer than any real one: its list (about 100 KB) is kept whole, like its postings.
        papers.add(Paper.of("2611.00001", 1, "Language models, at length",
                "the language model's reasoning and ".repeat(20_000) + "large language models",
                List.of(Author.named("Ada Wang"), Author.named("Wei Chen")),
                java.time.Instant.parse("2026-11-01T00:00:00Z")));
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(PaperDocument.analyzer())
                .setSimilarity(SearchIndex.SIMILARITY))) {
            for (Paper p : papers) {
                w.addDocument(PaperDocument.of(p, null));
            }
            w.forceMerge(1);
        }
        return dir;
    }
}
