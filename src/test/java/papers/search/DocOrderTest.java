package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * A large index's forced merge puts papers that share words next to each other ({@link DocOrder}); a small one keeps
 * the order papers were added in.
 */
class DocOrderTest {

    private static final int PAPERS = 2_000;

    @Test
    void aLargeIndexMergesWithSimilarPapersTogether() throws Exception {
        try (ByteBuffersDirectory dir = interleavedTopics()) {
            try (IndexWriter w = writer(dir, PAPERS)) {
                w.forceMerge(1);
                w.commit();
            }
            assertThat(diagnostics(dir)).containsEntry("bp.reordered", "true");
            assertThat(topicChanges(dir)).as("topic changes along the doc ids, of %d papers", PAPERS).isLessThan(50);
        }
    }

    @Test
    void aSmallIndexKeepsItsOrder() throws Exception {
        try (ByteBuffersDirectory dir = interleavedTopics()) {
            try (IndexWriter w = writer(dir, PAPERS + 1)) {
                w.forceMerge(1);
                w.commit();
            }
            assertThat(diagnostics(dir)).doesNotContainKey("bp.reordered");
            assertThat(topicChanges(dir)).isEqualTo(PAPERS - 1); // added alternately, still alternating
        }
    }

    /** Papers on two topics added alternately, in several segments. */
    private static ByteBuffersDirectory interleavedTopics() throws Exception {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = writer(dir, PAPERS)) {
            for (int i = 0; i < PAPERS; i++) {
                String topic = i % 2 == 0 ? "speculative decoding draft model verify tokens latency"
                        : "protein folding structure residues sequence alignment";
                Document doc = new Document();
                doc.add(new StringField("topic", i % 2 == 0 ? "a" : "b", Field.Store.YES));
                doc.add(new TextField(PaperDocument.STEMMED, topic + " paper " + i, Field.Store.NO));
                w.addDocument(doc);
                if (i % 500 == 499) {
                    w.commit(); // a segment
                }
            }
        }
        return dir;
    }

    /** A writer whose forced merges reorder indexes from {@code minDocs} papers. */
    private static IndexWriter writer(ByteBuffersDirectory dir, int minDocs) throws Exception {
        return new IndexWriter(dir, new IndexWriterConfig(new WhitespaceAnalyzer())
                .setMergePolicy(new DocOrder(new TieredMergePolicy(), minDocs)));
    }

    private static Map<String, String> diagnostics(ByteBuffersDirectory dir) throws Exception {
        SegmentInfos infos = SegmentInfos.readLatestCommit(dir);
        assertThat(infos.size()).isEqualTo(1);
        return infos.info(0).info.getDiagnostics();
    }

    private static int topicChanges(ByteBuffersDirectory dir) throws Exception {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            StoredFields stored = reader.storedFields();
            int changes = 0;
            String last = null;
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                String topic = stored.document(doc).get("topic");
                changes += last != null && !last.equals(topic) ? 1 : 0;
                last = topic;
            }
            return changes;
        }
    }
}
