package papers.search;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.similarities.Similarity;

/**
 * The threads a query's segments are searched on: one slice of about equal size per core, so on an idle server a
 * query's latency halves on 2 cores. Lucene's default keeps 250k documents a slice, so a 1M-paper index on 2 cores
 * would be searched by one thread most of the time; here a large segment is split between slices, and an index under
 * {@value #MIN_DOCS_PER_SLICE} documents is not split at all (handing work to another thread costs more).
 */
final class SearchThreads implements AutoCloseable {

    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int MIN_DOCS_PER_SLICE = 50_000;

    private final ExecutorService pool = daemonPool("search", THREADS);

    /** Searchers over these threads, scoring with {@code similarity}. */
    SearcherFactory factory(Similarity similarity) {
        return new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher s = new IndexSearcher(reader, pool) {
                    @Override
                    protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
                        return sliced(leaves);
                    }
                };
                s.setSimilarity(similarity);
                return s;
            }
        };
    }

    private static IndexSearcher.LeafSlice[] sliced(List<LeafReaderContext> leaves) {
        long docs = 0;
        for (var leaf : leaves) {
            docs += leaf.reader().maxDoc();
        }
        int perSlice = (int) Math.max(MIN_DOCS_PER_SLICE, (docs + THREADS - 1) / THREADS);
        return IndexSearcher.slices(leaves, perSlice, Integer.MAX_VALUE, true);
    }

    /** Work on a stretch {@code [from, to)} of a list. */
    interface Run {
        void over(int from, int to) throws IOException;
    }

    /**
     * Runs {@code run} over {@code [0, n)} split into stretches of at least {@code minRun}, one per search thread, on
     * {@code searcher}'s threads as its segments' slices are searched: on an idle server the second pass takes half
     * the time on 2 cores. Fewer than {@code 2 * minRun} items run on the caller's thread alone (handing work over
     * costs more). (The result page's ten hits, split the same way, measured no faster at 1M papers.)
     */
    static void inRuns(IndexSearcher searcher, int n, int minRun, Run run) throws IOException {
        int runs = Math.max(1, Math.min(THREADS, n / minRun));
        if (runs == 1) {
            run.over(0, n);
            return;
        }
        List<java.util.concurrent.Callable<Void>> work = new java.util.ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int from = (int) ((long) n * r / runs);
            int to = (int) ((long) n * (r + 1) / runs);
            work.add(() -> {
                run.over(from, to);
                return null;
            });
        }
        searcher.getTaskExecutor().invokeAll(work);
    }

    /** A pool of {@code threads} daemon threads named {@code name-N} that lets them go when idle. */
    static ExecutorService daemonPool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        pool.allowCoreThreadTimeOut(true); // idle indexes (tests, CLI) keep no threads
        return pool;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
