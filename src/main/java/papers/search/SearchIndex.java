package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import papers.paper.Paper;

/**
 * The search index's life and its searches: one Lucene document per paper ({@link PaperDocument}), keyed by its
 * versionless id, opened, written, committed and searched here; queries are built by {@link LexicalQueries}, merged by
 * {@link Fusion} and marked by {@link Highlighter}. It is derived data: the store can always rebuild it. The commit's
 * user data records the last change-log sequence number it reflects, so a restart resumes where it stopped, and the
 * schema version, so an index of an older schema is emptied on open and rebuilt. The folder's files are opened by
 * {@link IndexFiles}; when they turn out damaged while open, searches answer {@link RebuildingException} and the
 * repair given to {@link #onDamage} (the follower) rebuilds the index from the store into a fresh opening.
 */
public final class SearchIndex implements AutoCloseable {

    /** Candidates each side contributes to a hybrid search (at least; deeper pages take more). */
    static final int HYBRID_CANDIDATES = 100;
    /** How many of the most relevant papers a search sorted by date or upvotes orders (the floor cuts first). */
    static final int SORTED_CANDIDATES = 1000;
    /**
     * Vector candidates less similar than this (cosine) are left out of hybrid results: the nearest neighbours of
     * gibberish are still "nearest", and a query matching nothing should say so rather than list random papers.
     */
    public static final float MIN_HYBRID_COSINE = 0.25f;
    /**
     * A vector candidate at least this close (cosine) counts as relevant whatever its words: with all-MiniLM-L6-v2,
     * related texts score about 0.5 and unrelated ones near 0 (see ../shared/STACK.md).
     */
    static final float RELEVANT_COSINE = 0.5f;
    static final int MAX_RESULT_WINDOW = 10_000;
    private static final int SNIPPET_CHARS = 240;
    /** Raised whenever {@link PaperDocument} changes what it indexes: an older index is rebuilt from the store. */
    static final String SCHEMA = "3";

    /** Textbook BM25 (k1 1.2, b 0.75): on person-written queries it beat the k1 2.0 / b 0.5 fitted to AI queries. */
    static final BM25Similarity SIMILARITY = new BM25Similarity(1.2f, 0.75f);

    private final Path dir;
    /** Held while this process writes the folder; null when read-only. */
    private final IndexOwner owner;
    private final SearcherFactory factory;
    /** The folder as opened; replaced by an empty one when its files turn out damaged ({@link #reopenEmpty}). */
    private volatile IndexFiles files;
    private final LexicalQueries queries;
    private final Highlighter highlighter;
    /** Searches one query's segments on every core at once: on an idle server a query's latency halves on 2 cores. */
    private final ExecutorService searchThreads = daemonPool("search", THREADS);
    private volatile long appliedSeq;
    /** Set from the moment damage is seen until the repair rebuilt the index: searches answer "being rebuilt". */
    private volatile boolean rebuilding;
    /** Who rebuilds the index from the store when its files are damaged (the follower); null: nobody here can. */
    private volatile Runnable repair;

    /** Opens {@code dir}: for writing when {@code owner} is given, else read-only (another process writes it). */
    private SearchIndex(Path dir, Analyzer analyzer, IndexOwner owner) throws IOException {
        this.dir = dir;
        this.owner = owner;
        this.queries = new LexicalQueries(analyzer);
        this.highlighter = new Highlighter(analyzer);
        this.factory = new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher s = new IndexSearcher(reader, searchThreads) {
                    @Override
                    protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
                        return sliced(leaves);
                    }
                };
                s.setSimilarity(SIMILARITY);
                return s;
            }
        };
        try {
            this.files = owner != null ? IndexFiles.forWriting(dir, analyzer, factory) : IndexFiles.readOnly(dir, factory);
        } catch (IOException | RuntimeException e) {
            searchThreads.shutdown();
            throw e;
        }
        Map<String, String> data = files.commitData;
        this.appliedSeq = data.containsKey(IndexFiles.SEQ_KEY) ? Long.parseLong(data.get(IndexFiles.SEQ_KEY)) : 0;
    }

    /**
     * Opens an index another process writes (a running {@code serve}), for searching only; {@link #refresh()} picks up
     * its commits. Puts and commits throw {@link IllegalStateException}; so does a folder with no index in it.
     */
    public static SearchIndex openReadOnly(Path dir) {
        try {
            return new SearchIndex(dir, PaperDocument.analyzer(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    /**
     * Opens the index in {@code dir} for writing, creating it when missing; {@link IndexInUseException} when another
     * writer (this process or another) holds it, even if its folder was deleted meanwhile.
     */
    public static SearchIndex open(Path dir) {
        IndexOwner owner = IndexOwner.claim(dir);
        try {
            return new SearchIndex(dir, PaperDocument.analyzer(), owner);
        } catch (IOException e) {
            owner.close();
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    public boolean isReadOnly() {
        return owner == null;
    }

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Below this many documents a query is not worth splitting: handing work to another thread costs more. */
    private static final int MIN_DOCS_PER_SLICE = 50_000;

    /**
     * One slice of about equal size per core (Lucene's default keeps 250k documents a slice, so a 1M-paper index on 2
     * cores would be searched by one thread most of the time); a large segment is split between slices.
     */
    private static IndexSearcher.LeafSlice[] sliced(List<LeafReaderContext> leaves) {
        long docs = 0;
        for (var leaf : leaves) {
            docs += leaf.reader().maxDoc();
        }
        int perSlice = (int) Math.max(MIN_DOCS_PER_SLICE, (docs + THREADS - 1) / THREADS);
        return IndexSearcher.slices(leaves, perSlice, Integer.MAX_VALUE, true);
    }

    static ExecutorService daemonPool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        pool.allowCoreThreadTimeOut(true); // idle indexes (tests, CLI) keep no threads
        return pool;
    }

    private IndexWriter writer() {
        if (owner == null) {
            throw new IllegalStateException("this search index is open read-only; another process writes it");
        }
        return files.writer;
    }

    // ---- writing

    /** Adds or replaces a paper; {@code vectorOrNull} is its embedding when known. Visible after {@link #refresh()}. */
    public void put(Paper paper, float[] vectorOrNull) {
        Document doc = PaperDocument.of(paper, vectorOrNull);
        try {
            writer().updateDocument(new Term(PaperDocument.ID, paper.id()), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a paper (hidden by an admin); visible after {@link #refresh()}. */
    public void delete(String id) {
        try {
            writer().deleteDocuments(new Term(PaperDocument.ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the index (a rebuild starts here). */
    public void clear() {
        try {
            writer().deleteAll();
            appliedSeq = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes what was put visible to searches (cheap, not durable). */
    public void refresh() {
        try {
            files.searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes what was put durable and visible, keeping the last applied change sequence number. */
    public void commit() {
        commit(appliedSeq);
    }

    /** Makes what was put durable and visible, recording that it reflects the change log up to {@code seq}. */
    public void commit(long seq) {
        try {
            appliedSeq = seq;
            writer().setLiveCommitData(Map.of(IndexFiles.SEQ_KEY, Long.toString(seq), IndexFiles.SCHEMA_KEY, SCHEMA).entrySet());
            writer().commit();
            files.searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges the index into one segment and commits. Every query looks each of its terms up once per segment, and
     * the vector search walks one graph per segment: on 1M papers in 16 segments, merging made lexical search 1.75x
     * and hybrid 1.6x faster (bench/search-scale). Costly (minutes at 1M), so it follows full rebuilds only; later
     * updates add small segments that Lucene merges as usual.
     */
    public void mergeSegments() {
        try {
            writer().forceMerge(1);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The change-log sequence number the last commit reflects (0 for a new index). */
    public long appliedSeq() {
        return appliedSeq;
    }

    public long size() {
        if (owner == null) {
            return withSearcher(s -> (long) s.getIndexReader().numDocs());
        }
        return files.writer.getDocStats().numDocs;
    }

    /** How many documents carry a vector (as of the last refresh). */
    public long vectorCount() {
        return withSearcher(s -> (long) s.count(new TermQuery(new Term(PaperDocument.HAS_VECTOR, "y"))));
    }

    /**
     * Calls {@code action} with the ids of indexed papers without a vector (as of the last refresh), in batches of up
     * to {@code batchSize}, from one snapshot: puts made by {@code action} do not disturb the walk.
     */
    public void forEachIdWithoutVector(int batchSize, java.util.function.Consumer<List<String>> action) {
        withSearcher(s -> {
            Query q = new BooleanQuery.Builder()
                    .add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(PaperDocument.HAS_VECTOR, "y")), BooleanClause.Occur.MUST_NOT)
                    .build();
            StoredFields stored = s.storedFields();
            ScoreDoc after = null;
            while (true) {
                TopDocs top = after == null ? s.search(q, batchSize) : s.searchAfter(after, q, batchSize);
                if (top.scoreDocs.length == 0) {
                    return null;
                }
                List<String> ids = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc sd : top.scoreDocs) {
                    ids.add(stored.document(sd.doc, Set.of(PaperDocument.ID)).get(PaperDocument.ID));
                }
                action.accept(ids);
                after = top.scoreDocs[top.scoreDocs.length - 1];
            }
        });
    }

    /** The index is open for writing in another process (Lucene's write lock is taken). */
    public static final class IndexInUseException extends IllegalStateException {
        IndexInUseException(Path dir) {
            super("the search index in " + dir + " is open for writing by another process (is papers serve running?)");
        }
    }

    // ---- searching

    /** {@link #lexical(SearchQuery, SearchFilters, SearchSort, int, int, Ranking)} as shipped. */
    public SearchResults lexical(SearchQuery q, SearchFilters f, SearchSort s, int page, int size) {
        return lexical(q, f, s, page, size, Ranking.SHIPPED);
    }

    /**
     * BM25 search with filters and sort; an arXiv id query returns just that paper (or nothing). Results under the
     * relevance floor are left out and not counted; date and upvote order sort the
     * {@value #SORTED_CANDIDATES} most relevant (an empty query sorts everything the filters keep).
     */
    public SearchResults lexical(SearchQuery q, SearchFilters f, SearchSort s, int page, int size, Ranking r) {
        checkPage(page, size);
        int window = page * size;
        Set<String> marks = q.isIdLookup() ? Set.of() : highlighter.marks(q);
        return withSearcher(searcher -> {
            LexicalQueries.Built query = queries.build(q, f, r, searcher.getIndexReader());
            if (q.isEmpty()) { // browsing by filters: everything they keep, counted
                TopDocs top = searcher.search(query.query(), window, sortOf(s), true);
                return page(searcher, List.of(top.scoreDocs), top.totalHits.value(), marks, page, size);
            }
            int depth = s == SearchSort.RELEVANCE ? Math.max(HYBRID_CANDIDATES, window) : SORTED_CANDIDATES;
            ScoreDoc[] found = searcher.search(query.query(), depth).scoreDocs;
            Map<Integer, Float> coverage = Coverage.of(searcher, query, found);
            float floor = Coverage.floor(r.floor(), query);
            List<ScoreDoc> relevant = Arrays.stream(found).filter(d -> coverage.get(d.doc) >= floor).toList();
            List<ScoreDoc> ordered = s == SearchSort.RELEVANCE ? relevant : sorted(searcher, relevant, s);
            return page(searcher, ordered, ordered.size(), marks, page, size);
        });
    }

    /** Nearest papers to {@code queryVector} by cosine, within the filters. */
    public SearchResults vector(float[] queryVector, SearchFilters f, int page, int size) {
        checkPage(page, size);
        int window = page * size;
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(knn(queryVector, window, f, null), window);
            return page(searcher, List.of(top.scoreDocs), top.scoreDocs.length, Set.of(), page, size);
        });
    }

    /** The nearest papers to a paper's vector, the paper itself left out. */
    public SearchResults similar(String id, float[] vector, int limit) {
        checkPage(1, limit);
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(knn(vector, limit, SearchFilters.none(), id), limit);
            return page(searcher, List.of(top.scoreDocs), top.scoreDocs.length, Set.of(), 1, limit);
        });
    }

    /** Hybrid as shipped ({@link Ranking#SHIPPED}). */
    public SearchResults hybrid(SearchQuery q, float[] queryVector, SearchFilters f, int page, int size) {
        return hybrid(q, () -> queryVector, f, page, size, Ranking.SHIPPED);
    }

    /** Hybrid with another fusion or weight (the evaluation compares them). */
    public SearchResults hybrid(SearchQuery q, float[] queryVector, SearchFilters f, int page, int size,
                                Fusion fusion, float weight) {
        return hybrid(q, () -> queryVector, f, page, size, Ranking.SHIPPED.withFusion(fusion, weight));
    }

    /** As shipped, the query vector asked for once the lexical candidates are found (see below). */
    public SearchResults hybrid(SearchQuery q, Supplier<float[]> queryVector, SearchFilters f, int page, int size) {
        return hybrid(q, queryVector, f, page, size, Ranking.SHIPPED);
    }

    /**
     * Lexical and vector candidates fused by relevance, the floor applied. Ids, fielded queries and a missing query
     * vector go lexical only. The query vector is asked for only after the lexical candidates are found: an embedding
     * computed on another thread meanwhile costs no time of its own.
     */
    public SearchResults hybrid(SearchQuery q, Supplier<float[]> queryVector, SearchFilters f, int page, int size,
                                Ranking r) {
        checkPage(page, size);
        if (!q.wantsVectors()) {
            return lexical(q, f, SearchSort.RELEVANCE, page, size, r);
        }
        int window = Math.max(HYBRID_CANDIDATES, page * size);
        Set<String> marks = highlighter.marks(q);
        return withSearcher(searcher -> {
            LexicalQueries.Built query = queries.build(q, f, r, searcher.getIndexReader());
            TopDocs lex = searcher.search(query.query(), window);
            float[] vector = queryVector.get();
            TopDocs vec = vector == null ? new TopDocs(lex.totalHits, new ScoreDoc[0])
                    : withoutWeak(searcher.search(knn(vector, window, f, null), window));
            // Relevant: holding enough of the query's words, or a vector this close.
            Map<Integer, Float> coverage = Coverage.of(searcher, query, lex.scoreDocs, vec.scoreDocs);
            float close = (1 + RELEVANT_COSINE) / 2;
            java.util.Set<Integer> nearVectors = new java.util.HashSet<>();
            Arrays.stream(vec.scoreDocs).filter(d -> d.score >= close).forEach(d -> nearVectors.add(d.doc));
            float floor = Coverage.floor(r.floor(), query);
            List<ScoreDoc> fused = r.fusion().fuse(lex, vec, r.vectorWeight()).stream()
                    .filter(d -> coverage.get(d.doc) >= floor || nearVectors.contains(d.doc)).toList();
            return page(searcher, fused, fused.size(), marks, page, size);
        });
    }

    /** Drops hits under {@link #MIN_HYBRID_COSINE}; Lucene scores a dot product d as (1 + d) / 2. */
    private static TopDocs withoutWeak(TopDocs vec) {
        float min = (1 + MIN_HYBRID_COSINE) / 2;
        ScoreDoc[] kept = Arrays.stream(vec.scoreDocs).filter(d -> d.score >= min).toArray(ScoreDoc[]::new);
        return new TopDocs(vec.totalHits, kept);
    }

    /** {@code hits} ordered by day or upvotes (newest or most first), then by relevance. */
    private static List<ScoreDoc> sorted(IndexSearcher searcher, List<ScoreDoc> hits, SearchSort s) throws IOException {
        String field = s == SearchSort.DATE ? PaperDocument.DAY : PaperDocument.UPVOTES;
        StoredFields stored = searcher.storedFields();
        Map<Integer, Long> key = new HashMap<>();
        for (ScoreDoc d : hits) {
            key.put(d.doc, stored.document(d.doc, Set.of(field)).getField(field).numericValue().longValue());
        }
        List<ScoreDoc> out = new ArrayList<>(hits);
        out.sort(Comparator.comparingLong((ScoreDoc d) -> -key.get(d.doc)).thenComparingDouble(d -> -d.score));
        return out;
    }

    private Query knn(float[] v, int k, SearchFilters f, String excludeId) {
        if (v == null || v.length != Embedder.DIMENSIONS) {
            throw new IllegalArgumentException("a query vector needs " + Embedder.DIMENSIONS + " dimensions");
        }
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        boolean any = LexicalQueries.addFilters(filter, f);
        if (excludeId != null) {
            filter.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
            filter.add(new TermQuery(new Term(PaperDocument.ID, excludeId)), BooleanClause.Occur.MUST_NOT);
            any = true;
        }
        return new KnnFloatVectorQuery(PaperDocument.VECTOR, v, k, any ? filter.build() : null);
    }

    private static Sort sortOf(SearchSort s) {
        return switch (s) {
            case DATE -> new Sort(new SortField(PaperDocument.DAY, SortField.Type.LONG, true), SortField.FIELD_SCORE);
            case UPVOTES -> new Sort(new SortField(PaperDocument.UPVOTES, SortField.Type.INT, true),
                    SortField.FIELD_SCORE);
            case RELEVANCE -> Sort.RELEVANCE;
        };
    }

    private static void checkPage(int page, int size) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        if (size < 1 || size > 120) {
            throw new IllegalArgumentException("page size must be between 1 and 120, got " + size);
        }
        if ((long) page * size > MAX_RESULT_WINDOW) {
            throw new IllegalArgumentException("results stop at " + MAX_RESULT_WINDOW + "; narrow the query");
        }
    }

    private SearchResults page(IndexSearcher searcher, List<ScoreDoc> docs, long total, Set<String> marks,
                               int page, int size) throws IOException {
        int from = Math.min(docs.size(), (page - 1) * size);
        int to = Math.min(docs.size(), from + size);
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>(to - from);
        for (ScoreDoc sd : docs.subList(from, to)) {
            Document d = stored.document(sd.doc);
            String title = d.get(PaperDocument.TITLE);
            String abs = d.get(PaperDocument.ABSTRACT);
            long epochDay = d.getField(PaperDocument.DAY).numericValue().longValue();
            hits.add(new SearchHit(d.get(PaperDocument.ID), title,
                    highlighter.highlight(title, marks, Integer.MAX_VALUE),
                    highlighter.highlight(abs, marks, SNIPPET_CHARS), Float.isNaN(sd.score) ? 0 : sd.score,
                    epochDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(epochDay),
                    d.getField(PaperDocument.UPVOTES).numericValue().intValue(), d.get(PaperDocument.ORG)));
        }
        return new SearchResults(hits, total, page, size);
    }

    // ----

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        if (rebuilding) {
            throw new RebuildingException();
        }
        IndexFiles f = files;
        try {
            IndexSearcher searcher = f.searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                f.searchers.release(searcher);
            }
        } catch (IOException | RuntimeException | InternalError e) {
            // A truncated file read through mmap is an InternalError ("a fault occurred in an unsafe memory access").
            if (e instanceof IllegalArgumentException bad) {
                throw bad; // the query's fault, not the files'
            }
            if (rebuilding && e instanceof org.apache.lucene.store.AlreadyClosedException) {
                throw new RebuildingException(); // the damaged files were dropped while this search ran
            }
            if (IndexRepair.damaged(e) && damaged(e)) {
                throw new RebuildingException();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw (InternalError) e;
        }
    }

    // ---- damage while open

    /**
     * Searches answer {@link RebuildingException} while the index is rebuilt after damage seen while serving: a
     * truncated file (every search failed with a 500), a deleted file or folder (the follower's commits failed four
     * times a second, forever).
     */
    public static final class RebuildingException extends IllegalStateException {
        RebuildingException() {
            super("the search index is being rebuilt from the store; search again in a moment");
        }
    }

    /** Who rebuilds this index from the store when its files are damaged; {@code repair} runs once per damage. */
    public void onDamage(Runnable repair) {
        this.repair = repair;
    }

    /**
     * Reports damage to the files ({@code cause}): searches answer {@link RebuildingException} until {@link #rebuilt()},
     * and the repair starts (once). Returns false when nobody here can repair it (read-only, or no repair given).
     */
    public boolean damaged(Throwable cause) {
        Runnable r = repair;
        if (r == null || owner == null) {
            return false;
        }
        synchronized (this) {
            if (rebuilding) {
                return true;
            }
            rebuilding = true;
        }
        org.slf4j.LoggerFactory.getLogger(SearchIndex.class).warn(
                "the search index in {} is damaged ({}); rebuilding it from the store", dir, cause.toString());
        r.run();
        return true;
    }

    /** True from damage seen until {@link #rebuilt()}. */
    public boolean isRebuilding() {
        return rebuilding;
    }

    /** The folder (or the writer's lock file in it) was deleted while open: the next commit would fail. */
    public boolean filesGone() {
        return files.gone();
    }

    /** For the repair: drops the damaged files (nothing committed) and opens the folder afresh, empty. */
    public synchronized void reopenEmpty() {
        IndexFiles old = files;
        old.abandon();
        IndexFiles.empty(dir);
        try {
            files = IndexFiles.forWriting(dir, PaperDocument.analyzer(), factory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir + " again", e);
        }
        appliedSeq = 0;
    }

    /** For the repair, once the index is rebuilt and committed: searches answer again. */
    public synchronized void rebuilt() {
        rebuilding = false;
    }

    @Override
    public void close() {
        try {
            // A repair stopped half way, or the folder deleted: commit nothing; the next start rebuilds it whole.
            if (rebuilding || files.gone()) {
                files.abandon();
            } else {
                files.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            searchThreads.shutdown();
            if (owner != null) {
                owner.close();
            }
        }
    }
}
