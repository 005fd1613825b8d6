package papers.search;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.misc.index.BPIndexReorderer;
import org.apache.lucene.misc.index.BPReorderingMergePolicy;

/**
 * The order of papers inside the index, as the writer's merge policy. A forced merge (a full rebuild ends merged into
 * one segment) of a large index is reordered by recursive graph bisection (Lucene's {@link BPIndexReorderer}, on the
 * stemmed text): papers sharing words get neighbouring doc ids, so a query's candidates sit in fewer postings blocks
 * and both passes of a search skip more. At 1M generated papers (bench/LexicalProbe.java, same session) lexical
 * search was about 15 % faster at p50 reordered; the reordering took about a minute on 2 cores. Small indexes, and
 * Lucene's everyday merges, keep the order papers were added in: there is little to skip, and ties stay in insertion
 * order. It is a merge policy rather than a switch around the forced merge because the merge that ends a forced
 * merge is often chosen by a merge thread that was already running.
 */
final class DocOrder extends FilterMergePolicy {

    /** Indexes with fewer papers are not reordered. */
    static final int MIN_DOCS = 100_000;
    /**
     * The words the bisection weighs are those in at least this share of the papers (Lucene's default, 4,096 papers,
     * is this share of a million): rarer words cost time and hardly move papers.
     */
    private static final double MIN_WORD_SHARE = 0.004;
    /** At most this much heap for the bisection (it sorts on disk beyond it). */
    private static final double MAX_RAM_MB = 512;

    private final int minDocs;

    DocOrder(MergePolicy in) {
        this(in, MIN_DOCS);
    }

    /** Reordering forced merges of indexes from {@code minDocs} papers (tests use small ones). */
    DocOrder(MergePolicy in, int minDocs) {
        super(in);
        this.minDocs = minDocs;
    }

    @Override
    public MergeSpecification findForcedMerges(SegmentInfos infos, int maxSegmentCount,
                                               Map<SegmentCommitInfo, Boolean> segmentsToMerge,
                                               MergeContext context) throws IOException {
        long docs = 0;
        for (SegmentCommitInfo info : infos) {
            docs += info.info.maxDoc() - info.getDelCount();
        }
        MergePolicy policy = docs < minDocs ? in : reordering(in, docs);
        return policy.findForcedMerges(infos, maxSegmentCount, segmentsToMerge, context);
    }

    /** {@code plain}, its merges reordered, for an index of {@code docs} papers. */
    private static MergePolicy reordering(MergePolicy plain, long docs) {
        BPIndexReorderer bp = new BPIndexReorderer();
        bp.setFields(Set.of(PaperDocument.STEMMED));
        bp.setMinDocFreq((int) Math.max(2, Math.ceil(MIN_WORD_SHARE * docs)));
        bp.setRAMBudgetMB(Math.min(MAX_RAM_MB, Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 8));
        return new BPReorderingMergePolicy(plain, bp);
    }
}
