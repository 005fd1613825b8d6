package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import papers.paper.Paper;

/**
 * The search index's life and its searches: one Lucene document per paper ({@link PaperDocument}), keyed by its
 * versionless id, opened, written, committed and searched here; what a search does on a searcher is
 * {@link Retrieval}'s. It is derived data: the store can always rebuild it. The commit's
 * user data records the last change-log sequence number it reflects, so a restart resumes where it stopped, and the
 * schema version, so an index of an older schema is emptied on open and rebuilt. The folder's files are opened by
 * {@link IndexFiles}; when they turn out damaged while open, searches answer {@link RebuildingException} and the
 * repair given to {@link #onDamage} (the follower) rebuilds the index from the store into a fresh opening.
 */
public final class SearchIndex implements AutoCloseable {

    /** Raised whenever {@link PaperDocument} changes what it indexes: an older index is rebuilt from the store. */
    static final String SCHEMA = "4";

    /** Textbook BM25 (k1 1.2, b 0.75): on person-written queries it beat the k1 2.0 / b 0.5 fitted to AI queries. */
    static final BM25Similarity SIMILARITY = new BM25Similarity(1.2f, 0.75f);

    private final Path dir;
    /** Held while this process writes the folder; null when read-only. */
    private final IndexOwner owner;
    private final SearcherFactory factory;
    private final SearchThreads threads = new SearchThreads();
    /** The folder as opened; replaced by an empty one when its files turn out damaged ({@link #reopenEmpty}). */
    private volatile IndexFiles files;
    private final Retrieval retrieval;
    private volatile long appliedSeq;
    /** Set from the moment damage is seen until the repair rebuilt the index: searches answer "being rebuilt". */
    private volatile boolean rebuilding;
    /** Who rebuilds the index from the store when its files are damaged (the follower); null: nobody here can. */
    private volatile Runnable repair;

    /** The embedding model of the vectors put here; the index's commit records it (see {@link IndexFiles}). */
    private final String model;

    /** Opens {@code dir}: for writing when {@code owner} is given, else read-only (another process writes it). */
    private SearchIndex(Path dir, Analyzer analyzer, IndexOwner owner, String model) throws IOException {
        this.model = model;
        this.dir = dir;
        this.owner = owner;
        this.retrieval = new Retrieval(analyzer);
        this.factory = threads.factory(SIMILARITY);
        try {
            this.files = owner != null ? IndexFiles.forWriting(dir, analyzer, factory, model)
                    : IndexFiles.readOnly(dir, factory);
        } catch (IOException | RuntimeException e) {
            threads.close();
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
            return new SearchIndex(dir, PaperDocument.analyzer(), null, Embedder.MODEL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    /**
     * Opens the index in {@code dir} for writing, creating it when missing; {@link IndexInUseException} when another
     * writer (this process or another) holds it, even if its folder was deleted meanwhile.
     */
    public static SearchIndex open(Path dir) {
        return open(dir, Embedder.MODEL);
    }

    /** {@link #open(Path)} for vectors of {@code model}; an index of another model's vectors is emptied. */
    static SearchIndex open(Path dir, String model) {
        IndexOwner owner = IndexOwner.claim(dir);
        try {
            return new SearchIndex(dir, PaperDocument.analyzer(), owner, model);
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
            writer().setLiveCommitData(IndexFiles.commitData(seq, model));
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
     * updates add small segments that Lucene merges as usual. A large index is reordered as it merges
     * ({@link DocOrder}).
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

    /**
     * The title and abstract of up to {@code n} papers spread evenly over the index (as of the last refresh), as
     * {title, abstract} pairs: text like what readers type, for {@link SearchWarmup}.
     */
    public List<String[]> sampleTexts(int n) {
        return withSearcher(s -> {
            int max = s.getIndexReader().maxDoc();
            List<String[]> texts = new ArrayList<>();
            if (max == 0 || n <= 0) {
                return texts;
            }
            StoredFields stored = s.storedFields();
            var live = org.apache.lucene.index.MultiBits.getLiveDocs(s.getIndexReader());
            Set<String> fields = Set.of(PaperDocument.TITLE, PaperDocument.ABSTRACT);
            long step = Math.max(1, max / n);
            for (long doc = step / 2; doc < max && texts.size() < n; doc += step) {
                if (live == null || live.get((int) doc)) {
                    Document d = stored.document((int) doc, fields);
                    texts.add(new String[] {d.get(PaperDocument.TITLE), d.get(PaperDocument.ABSTRACT)});
                }
            }
            return texts;
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
     * relevance floor are left out and not counted ({@link Retrieval#lexical}).
     */
    public SearchResults lexical(SearchQuery q, SearchFilters f, SearchSort s, int page, int size, Ranking r) {
        ResultPages.check(page, size); // a bad page is the asker's error, even while the index is being rebuilt
        return withSearcher(searcher -> retrieval.lexical(searcher, q, f, s, page, size, r));
    }

    /** Nearest papers to {@code queryVector} by cosine, within the filters. */
    public SearchResults vector(float[] queryVector, SearchFilters f, int page, int size) {
        ResultPages.check(page, size);
        return withSearcher(searcher -> retrieval.vector(searcher, queryVector, f, page, size));
    }

    /** The nearest papers to a paper's vector, the paper itself left out. */
    public SearchResults similar(String id, float[] vector, int limit) {
        ResultPages.check(1, limit);
        return withSearcher(searcher -> retrieval.similar(searcher, id, vector, limit));
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
     * Lexical and vector candidates fused by relevance, the floor applied ({@link Retrieval#hybrid}); the query vector
     * is asked for only after the lexical candidates are found.
     */
    public SearchResults hybrid(SearchQuery q, Supplier<float[]> queryVector, SearchFilters f, int page, int size,
                                Ranking r) {
        ResultPages.check(page, size);
        return withSearcher(searcher -> retrieval.hybrid(searcher, q, queryVector, f, page, size, r));
    }

    /**
     * The parts of {@code q}'s relevance under any ranking, for re-scoring without searching again
     * ({@link ScoreParts}: {@code bench/search-eval fit}) with knobs up to {@code widest}'s; for evaluation corpora,
     * not a large index.
     */
    public ScoreParts scoreParts(SearchQuery q, float[] vectorOrNull, Ranking widest) {
        return withSearcher(searcher -> retrieval.scoreParts(searcher, q, vectorOrNull, widest));
    }

    /**
     * The lines of a {@link CommonWords} list counted from {@code papers} (words and stems in at least {@code share}
     * of them), for {@code bench/common-words}.
     */
    public static List<String> commonWords(List<papers.paper.Paper> papers, double share) {
        return CommonWords.count(papers, share);
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
     * Reports damage to the files ({@code cause}): searches answer {@link RebuildingException} until
     * {@link #rebuilt()}, and the repair starts (once). Returns false when nobody here can repair it (read-only, or no repair given).
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
            files = IndexFiles.forWriting(dir, PaperDocument.analyzer(), factory, model);
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
            threads.close();
            if (owner != null) {
                owner.close();
            }
        }
    }
}
