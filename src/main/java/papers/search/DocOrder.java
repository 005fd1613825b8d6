package papers.search;

import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LiveIndexWriterConfig;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.misc.index.BPIndexReorderer;
import org.apache.lucene.misc.index.BPReorderingMergePolicy;

/**
 * The order of papers inside the index. A large index merged into one segment after a full rebuild is reordered by
 * recursive graph bisection (Lucene's {@link BPIndexReorderer}, on the stemmed text): papers sharing words get
 * neighbouring doc ids, so a query's candidates sit in fewer postings blocks and both passes of a search skip more.
 * At 1M generated papers (bench/LexicalProbe.java, same session) lexical search was about 15 % faster at p50
 * reordered; the reordering took a minute on 2 cores. Small indexes keep the order papers were added in: there is
 * little to skip, and their ties stay in insertion order.
 */
final class DocOrder {

    /** Indexes with fewer papers are not reordered. */
    static final int MIN_DOCS = 100_000;
    /** At most this much heap for the bisection (it sorts on disk beyond it). */
    private static final double MAX_RAM_MB = 512;

    private DocOrder() {
    }

    /**
     * The words the bisection weighs are those in at least this share of the papers (Lucene's default, 4,096 papers,
     * is this share of a million): rarer words cost time and hardly move papers.
     */
    private static final double MIN_WORD_SHARE = 0.004;

    /** Runs {@code merge} (a forced merge) with reordering when the index holds at least {@link #MIN_DOCS} papers. */
    static void forceMerge(IndexWriter writer, MergeAction merge) throws java.io.IOException {
        forceMerge(writer, MIN_DOCS, merge);
    }

    /** {@link #forceMerge(IndexWriter, MergeAction)} with reordering from {@code minDocs} papers (tests). */
    static void forceMerge(IndexWriter writer, int minDocs, MergeAction merge) throws java.io.IOException {
        LiveIndexWriterConfig config = writer.getConfig();
        MergePolicy plain = config.getMergePolicy();
        int docs = writer.getDocStats().numDocs;
        if (docs < minDocs) {
            merge.run();
            return;
        }
        config.setMergePolicy(reordering(plain, docs));
        try {
            merge.run();
        } finally {
            config.setMergePolicy(plain);
        }
    }

    /** {@code plain}, its merges reordered, for an index of {@code docs} papers. */
    private static MergePolicy reordering(MergePolicy plain, int docs) {
        BPIndexReorderer bp = new BPIndexReorderer();
        bp.setFields(Set.of(PaperDocument.STEMMED));
        bp.setMinDocFreq((int) Math.max(2, Math.ceil(MIN_WORD_SHARE * docs)));
        bp.setRAMBudgetMB(Math.min(MAX_RAM_MB, Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 8));
        return new BPReorderingMergePolicy(plain, bp);
    }

    interface MergeAction {
        void run() throws java.io.IOException;
    }
}
