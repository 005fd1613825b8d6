package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class HeapNormsTest {

    /**
     * Papers of different lengths in "text" (every paper) and "title" (every third), in two segments: the heap's
     * norms are the file's, read every way Lucene's scorers read them, and so are the scores.
     */
    @Test
    void normsAndScoresAreTheFilesOnes() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = writer(dir)) {
                for (int i = 0; i < 40; i++) {
                    w.addDocument(paper(i));
                    if (i == 19) {
                        w.commit(); // two segments
                    }
                }
            }
            try (DirectoryReader file = DirectoryReader.open(dir);
                 DirectoryReader heap = HeapNorms.wrap(DirectoryReader.open(dir))) {
                assertThat(heap.leaves()).hasSize(2);
                for (int s = 0; s < 2; s++) {
                    LeafReader f = file.leaves().get(s).reader();
                    LeafReader h = heap.leaves().get(s).reader();
                    for (String field : List.of("text", "title")) {
                        assertSameNorms(f, h, field);
                    }
                    assertThat(h.getNormValues("nofield")).isNull();
                }
                BooleanQuery q = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term("text", "decoding")), BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term("title", "draft")), BooleanClause.Occur.SHOULD).build();
                ScoreDoc[] expected = searcher(file).search(q, 40).scoreDocs;
                ScoreDoc[] got = searcher(heap).search(q, 40).scoreDocs;
                assertThat(expected).hasSizeGreaterThan(20);
                assertThat(Arrays.stream(got).map(d -> d.doc + ":" + d.score).toList())
                        .isEqualTo(Arrays.stream(expected).map(d -> d.doc + ":" + d.score).toList());
            }
        }
    }

    /**
     * A reopened reader reads its new segment's norms from the heap as well, shares the copy of the segment it kept,
     * and a segment's copy is let go when the segment is closed (with its last reader, and the writer that pools
     * it).
     */
    @Test
    void reopenedReadersShareCopiesThatCloseWithTheSegment() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            IndexWriter w = writer(dir);
            for (int i = 0; i < 10; i++) {
                w.addDocument(paper(i));
            }
            DirectoryReader first = HeapNorms.wrap(DirectoryReader.open(w));
            IndexReader.CacheKey kept = first.leaves().getFirst().reader().getCoreCacheHelper().getKey();
            first.leaves().getFirst().reader().getNormValues("text");
            assertThat(HeapNorms.holds(kept)).isTrue();
            for (int i = 10; i < 15; i++) {
                w.addDocument(paper(i));
            }
            DirectoryReader second = DirectoryReader.openIfChanged(first);
            assertThat(second).isInstanceOf(HeapNorms.class);
            assertThat(second.leaves()).hasSize(2);
            first.close();
            assertThat(HeapNorms.holds(kept)).as("the segment is still open in the second reader").isTrue();
            try (DirectoryReader file = DirectoryReader.open(w)) {
                for (int s = 0; s < 2; s++) {
                    assertSameNorms(file.leaves().get(s).reader(), second.leaves().get(s).reader(), "text");
                    assertSameNorms(file.leaves().get(s).reader(), second.leaves().get(s).reader(), "title");
                }
            }
            IndexReader.CacheKey added = second.leaves().get(1).reader().getCoreCacheHelper().getKey();
            assertThat(HeapNorms.holds(added)).isTrue();
            second.close();
            assertThat(HeapNorms.holds(kept)).as("the writer pools the segment's reader").isTrue();
            w.close();
            assertThat(HeapNorms.holds(kept)).isFalse();
            assertThat(HeapNorms.holds(added)).isFalse();
        }
    }

    /**
     * Norms that do not fit a byte (a similarity of long lengths) are read from the file, each time they are asked
     * for, with the file's values.
     */
    @Test
    void normsBeyondAByteAreReadFromTheFile() throws Exception {
        org.apache.lucene.search.similarities.Similarity longLengths =
                new org.apache.lucene.search.similarities.Similarity() {
                    @Override
                    public long computeNorm(org.apache.lucene.index.FieldInvertState state) {
                        return 1000L + state.getLength();
                    }

                    @Override
                    public SimScorer scorer(float boost, org.apache.lucene.search.CollectionStatistics collection,
                                            org.apache.lucene.search.TermStatistics... terms) {
                        return new SimScorer() {
                            @Override
                            public float score(float freq, long norm) {
                                return freq;
                            }
                        };
                    }
                };
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer())
                    .setSimilarity(longLengths))) {
                for (int i = 0; i < 12; i++) {
                    w.addDocument(paper(i));
                }
            }
            try (DirectoryReader file = DirectoryReader.open(dir);
                 DirectoryReader heap = HeapNorms.wrap(DirectoryReader.open(dir))) {
                LeafReader f = file.leaves().getFirst().reader();
                LeafReader h = heap.leaves().getFirst().reader();
                for (int round = 0; round < 2; round++) {
                    NumericDocValues fromHeap = h.getNormValues("text");
                    assertThat(fromHeap).isInstanceOf(f.getNormValues("text").getClass());
                    NumericDocValues fromFile = f.getNormValues("text");
                    assertThat(fromHeap.advanceExact(3)).isTrue();
                    assertThat(fromFile.advanceExact(3)).isTrue();
                    assertThat(fromHeap.longValue()).isEqualTo(fromFile.longValue()).isGreaterThan(1000L);
                }
                assertThat(HeapNorms.holds(h.getCoreCacheHelper().getKey())).isTrue();
            }
        }
    }

    private static void assertSameNorms(LeafReader file, LeafReader heap, String field) throws IOException {
        // As an iterator.
        NumericDocValues f = file.getNormValues(field);
        NumericDocValues h = heap.getNormValues(field);
        assertThat(h).isNotInstanceOf(f.getClass());
        List<String> fileValues = new ArrayList<>();
        for (int d = f.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = f.nextDoc()) {
            fileValues.add(d + "=" + f.longValue());
        }
        List<String> heapValues = new ArrayList<>();
        for (int d = h.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = h.nextDoc()) {
            heapValues.add(d + "=" + h.longValue());
        }
        assertThat(heapValues).as(field).isEqualTo(fileValues).isNotEmpty();
        assertThat(heap.getNormValues(field).cost()).isEqualTo(fileValues.size());
        // Paper by paper, as scorers read them.
        f = file.getNormValues(field);
        h = heap.getNormValues(field);
        for (int d = 0; d < file.maxDoc(); d++) {
            boolean has = f.advanceExact(d);
            assertThat(h.advanceExact(d)).as("%s has a norm for %d", field, d).isEqualTo(has);
            if (has) {
                assertThat(h.longValue()).isEqualTo(f.longValue());
            }
        }
        // In a batch, with a default for papers without the field.
        int[] docs = java.util.stream.IntStream.range(0, file.maxDoc()).toArray();
        long[] fromFile = new long[docs.length];
        long[] fromHeap = new long[docs.length];
        file.getNormValues(field).longValues(docs.length, docs, fromFile, -7);
        heap.getNormValues(field).longValues(docs.length, docs, fromHeap, -7);
        assertThat(fromHeap).isEqualTo(fromFile);
        // From a point on.
        f = file.getNormValues(field);
        h = heap.getNormValues(field);
        assertThat(h.advance(5)).isEqualTo(f.advance(5));
        assertThat(h.advance(file.maxDoc())).isEqualTo(DocIdSetIterator.NO_MORE_DOCS);
    }

    private static IndexWriter writer(ByteBuffersDirectory dir) throws IOException {
        return new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer())
                .setSimilarity(SearchIndex.SIMILARITY).setMergePolicy(NoMergePolicy.INSTANCE));
    }

    /** Paper {@code i}: a text of {@code i % 7 + 1} sentences; a title for every third. */
    private static Document paper(int i) {
        Document d = new Document();
        d.add(new TextField("text", "speculative decoding with a draft model. ".repeat(i % 7 + 1) + "paper " + i,
                Field.Store.NO));
        if (i % 3 == 0) {
            d.add(new TextField("title", "draft " + "tokens ".repeat(i % 4), Field.Store.NO));
        }
        return d;
    }

    private static IndexSearcher searcher(IndexReader reader) {
        IndexSearcher s = new IndexSearcher(reader);
        s.setSimilarity(SearchIndex.SIMILARITY);
        return s;
    }
}
