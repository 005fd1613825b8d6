package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * The search index: one Lucene document per paper, keyed by its versionless id, with BM25 fields (title boosted,
 * abstract, authors, organization, AI keywords; English analysis with stemming) and the paper's embedding as an
 * int8-quantized HNSW vector. It is derived data: the store can always rebuild it. The commit's user data records
 * the last change-log sequence number it reflects, so a restart resumes where it stopped.
 */
public final class SearchIndex implements AutoCloseable {

    /** How hybrid search merges the lexical and vector lists. */
    public enum Fusion { BLEND, RRF }

    /** The shipped fusion: min-max normalised scores, this weight on the vector score (won on the evaluation set). */
    public static final float BLEND_WEIGHT = 0.1f;
    /** Candidates each side contributes to a hybrid search (at least; deeper pages take more). */
    static final int HYBRID_CANDIDATES = 100;
    /**
     * Vector candidates less similar than this (cosine) are left out of hybrid results: the nearest neighbours of
     * gibberish are still "nearest", and a query matching nothing should say so rather than list random papers.
     */
    public static final float MIN_HYBRID_COSINE = 0.25f;
    static final int MAX_RESULT_WINDOW = 10_000;
    private static final int SNIPPET_CHARS = 240;
    private static final String SEQ_KEY = "papers.seq";

    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String ABSTRACT = "abstract";
    private static final String AUTHORS = "authors";
    private static final String ORG = "org";
    private static final String ORG_EXACT = "org_exact";
    private static final String KEYWORDS = "keywords";
    private static final String DAY = "day";
    private static final String UPVOTES = "upvotes";
    private static final String VECTOR = "vector";
    private static final String HAS_VECTOR = "has_vector";
    /**
     * Field weights. The title is boosted only a little: BM25's length normalisation already favours matches in a
     * short field, and on bench/search-eval (descriptions without title words) boost 2 cost 0.23 MRR@10 against
     * 1.2. Names weigh half, so a query's ordinary words do not match on an author or organization name first.
     */
    private static final Map<String, Float> TEXT_FIELDS = Map.of(
            TITLE, 1.2f, ABSTRACT, 1f, KEYWORDS, 1f, AUTHORS, 0.5f, ORG, 0.5f);

    private final FSDirectory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Searches one query's segments on every core at once: on an idle server a query's latency halves on 2 cores. */
    private final java.util.concurrent.ExecutorService searchThreads = daemonPool("search", THREADS);
    private volatile long appliedSeq;

    /** {@code writer} is null for a read-only index (another process writes it). */
    private SearchIndex(FSDirectory directory, Analyzer analyzer, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        SearcherFactory factory = new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                                             org.apache.lucene.index.IndexReader previous) {
                IndexSearcher s = new IndexSearcher(reader, searchThreads) {
                    @Override
                    protected LeafSlice[] slices(List<org.apache.lucene.index.LeafReaderContext> leaves) {
                        return sliced(leaves);
                    }
                };
                s.setSimilarity(SIMILARITY);
                return s;
            }
        };
        this.searchers = writer != null ? new SearcherManager(writer, factory) : new SearcherManager(directory, factory);
        Map<String, String> data = Map.of();
        if (writer != null) {
            Map<String, String> live = new HashMap<>();
            Iterable<Map.Entry<String, String>> entries = writer.getLiveCommitData();
            if (entries != null) {
                entries.forEach(e -> live.put(e.getKey(), e.getValue()));
            }
            data = live;
        } else if (DirectoryReader.indexExists(directory)) {
            IndexSearcher s = searchers.acquire();
            try {
                data = ((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData();
            } finally {
                searchers.release(s);
            }
        }
        this.appliedSeq = data.containsKey(SEQ_KEY) ? Long.parseLong(data.get(SEQ_KEY)) : 0;
    }

    /**
     * Opens an index another process writes (a running {@code serve}), for searching only; {@link #refresh()} picks up
     * its commits. Puts and commits throw {@link IllegalStateException}.
     */
    public static SearchIndex openReadOnly(Path dir) {
        try {
            FSDirectory directory = FSDirectory.open(dir);
            if (!DirectoryReader.indexExists(directory)) {
                directory.close();
                throw new IllegalStateException("there is no search index in " + dir + " yet");
            }
            return new SearchIndex(directory, analyzer(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    public boolean isReadOnly() {
        return writer == null;
    }

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Below this many documents a query is not worth splitting: handing work to another thread costs more. */
    private static final int MIN_DOCS_PER_SLICE = 50_000;

    /**
     * One slice of about equal size per core (Lucene's default keeps 250k documents a slice, so a 1M-paper index on 2
     * cores would be searched by one thread most of the time); a large segment is split between slices.
     */
    private static IndexSearcher.LeafSlice[] sliced(List<org.apache.lucene.index.LeafReaderContext> leaves) {
        long docs = 0;
        for (var leaf : leaves) {
            docs += leaf.reader().maxDoc();
        }
        int perSlice = (int) Math.max(MIN_DOCS_PER_SLICE, (docs + THREADS - 1) / THREADS);
        return IndexSearcher.slices(leaves, perSlice, Integer.MAX_VALUE, true);
    }

    static java.util.concurrent.ExecutorService daemonPool(String name, int threads) {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        pool.allowCoreThreadTimeOut(true); // idle indexes (tests, CLI) keep no threads
        return pool;
    }

    private static Analyzer analyzer() {
        // Names are not stemmed, but "of" and "and" (as in "University of ...") must not match every query.
        Analyzer names = new StandardAnalyzer(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(AUTHORS, names, ORG, names));
    }

    private IndexWriter writer() {
        if (writer == null) {
            throw new IllegalStateException("this search index is open read-only; another process writes it");
        }
        return writer;
    }

    /** Opens the index in {@code dir}, creating it when missing. */
    public static SearchIndex open(Path dir) {
        try {
            Files.createDirectories(dir);
            FSDirectory directory = FSDirectory.open(dir);
            Analyzer analyzer = analyzer();
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    .setCodec(new Lucene104Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            // int8: a quarter of the memory for the graph walk; recall held on the evaluation set.
                            return new Lucene104HnswScalarQuantizedVectorsFormat();
                        }
                    });
            IndexWriter writer;
            try {
                writer = new IndexWriter(directory, config);
            } catch (org.apache.lucene.store.LockObtainFailedException e) {
                directory.close();
                throw new IndexInUseException(dir);
            }
            try {
                return new SearchIndex(directory, analyzer, writer);
            } catch (IOException | RuntimeException e) { // a damaged index: let go of its lock, write nothing
                writer.rollback();
                directory.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    /** Adds or replaces a paper; {@code vectorOrNull} is its embedding when known. Visible after {@link #refresh()}. */
    public void put(Paper paper, float[] vectorOrNull) {
        Document doc = new Document();
        doc.add(new StringField(ID, paper.id(), Field.Store.YES));
        doc.add(new TextField(TITLE, paper.title(), Field.Store.YES));
        doc.add(new TextField(ABSTRACT, paper.abstractText(), Field.Store.YES));
        for (Author a : paper.authors()) {
            doc.add(new TextField(AUTHORS, a.name(), Field.Store.NO));
        }
        if (paper.organization() != null) {
            String name = paper.organization().name();
            doc.add(new StringField(ORG_EXACT, name.toLowerCase(Locale.ROOT), Field.Store.NO));
            doc.add(new StoredField(ORG, name));
            doc.add(new TextField(ORG, name, Field.Store.NO));
            if (paper.organization().fullName() != null) {
                doc.add(new TextField(ORG, paper.organization().fullName(), Field.Store.NO));
            }
        }
        for (String k : paper.aiKeywords()) {
            doc.add(new TextField(KEYWORDS, k, Field.Store.NO));
        }
        LocalDate day = dayOf(paper);
        long epochDay = day == null ? Long.MIN_VALUE : day.toEpochDay();
        doc.add(new LongPoint(DAY, epochDay));
        doc.add(new NumericDocValuesField(DAY, epochDay));
        doc.add(new StoredField(DAY, epochDay));
        doc.add(new IntPoint(UPVOTES, paper.upvotes()));
        doc.add(new NumericDocValuesField(UPVOTES, paper.upvotes()));
        doc.add(new StoredField(UPVOTES, paper.upvotes()));
        if (vectorOrNull != null) {
            doc.add(new KnnFloatVectorField(VECTOR, vectorOrNull, VectorSimilarityFunction.DOT_PRODUCT));
            doc.add(new StringField(HAS_VECTOR, "y", Field.Store.NO));
        }
        try {
            writer().updateDocument(new Term(ID, paper.id()), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a paper (hidden by an admin); visible after {@link #refresh()}. */
    public void delete(String id) {
        try {
            writer().deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The day a paper is filtered and sorted by: its listing day, else its arXiv submission day. */
    static LocalDate dayOf(Paper p) {
        if (p.listedOn() != null) {
            return p.listedOn();
        }
        return p.publishedAt() == null ? null : LocalDate.ofInstant(p.publishedAt(), ZoneOffset.UTC);
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
            searchers.maybeRefreshBlocking();
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
            writer().setLiveCommitData(Map.of(SEQ_KEY, Long.toString(seq)).entrySet());
            writer().commit();
            searchers.maybeRefreshBlocking();
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
        if (writer == null) {
            return withSearcher(s -> (long) s.getIndexReader().numDocs());
        }
        return writer.getDocStats().numDocs;
    }

    /** How many documents carry a vector (as of the last refresh). */
    public long vectorCount() {
        return withSearcher(s -> (long) s.count(new TermQuery(new Term(HAS_VECTOR, "y"))));
    }

    /**
     * Calls {@code action} with the ids of indexed papers without a vector (as of the last refresh), in batches of up
     * to {@code batchSize}, from one snapshot: puts made by {@code action} do not disturb the walk.
     */
    public void forEachIdWithoutVector(int batchSize, java.util.function.Consumer<List<String>> action) {
        withSearcher(s -> {
            Query q = new BooleanQuery.Builder()
                    .add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(HAS_VECTOR, "y")), BooleanClause.Occur.MUST_NOT)
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
                    ids.add(stored.document(sd.doc, Set.of(ID)).get(ID));
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

    /** BM25 search with filters and sort; an arXiv id query returns just that paper (or nothing). */
    public SearchResults lexical(SearchQuery q, SearchFilters f, SearchSort s, int page, int size) {
        checkPage(page, size);
        int window = page * size;
        Set<String> marks = q.isIdLookup() ? Set.of() : highlightTerms(q);
        return withSearcher(searcher -> {
            Lexical query = lexicalQuery(q, f, searcher.getIndexReader());
            TopDocs top = s == SearchSort.RELEVANCE || q.isIdLookup()
                    ? relevant(searcher, query, window)
                    : searcher.search(query.query(), window, sortOf(s), true);
            List<ScoreDoc> docs = List.of(top.scoreDocs);
            return page(searcher, docs, top.totalHits.value(), marks, page, size);
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

    /** Hybrid with the shipped fusion ({@link Fusion#BLEND}, weight {@value #BLEND_WEIGHT} on the vector score). */
    public SearchResults hybrid(SearchQuery q, float[] queryVector, SearchFilters f, int page, int size) {
        return hybrid(q, queryVector, f, page, size, Fusion.BLEND, BLEND_WEIGHT);
    }

    /**
     * Lexical and vector candidates fused by relevance. Ids, fielded queries and a missing query vector go lexical
     * only. {@code weight} is the vector side's share for {@link Fusion#BLEND}; RRF uses k = 60 and ignores it.
     */
    public SearchResults hybrid(SearchQuery q, float[] queryVector, SearchFilters f, int page, int size,
                                Fusion fusion, float weight) {
        return hybrid(q, () -> queryVector, f, page, size, fusion, weight);
    }

    /**
     * As above, with the query vector asked for only after the lexical candidates are found: an embedding computed on
     * another thread meanwhile costs no time of its own (it takes as long as the lexical search).
     */
    public SearchResults hybrid(SearchQuery q, java.util.function.Supplier<float[]> queryVector, SearchFilters f,
                                int page, int size) {
        return hybrid(q, queryVector, f, page, size, Fusion.BLEND, BLEND_WEIGHT);
    }

    private SearchResults hybrid(SearchQuery q, java.util.function.Supplier<float[]> queryVector, SearchFilters f,
                                 int page, int size, Fusion fusion, float weight) {
        checkPage(page, size);
        if (!q.wantsVectors()) {
            return lexical(q, f, SearchSort.RELEVANCE, page, size);
        }
        int window = Math.max(HYBRID_CANDIDATES, page * size);
        Set<String> marks = highlightTerms(q);
        return withSearcher(searcher -> {
            TopDocs lex = relevant(searcher, lexicalQuery(q, f, searcher.getIndexReader()), window);
            float[] vector = queryVector.get();
            if (vector == null) {
                return page(searcher, List.of(lex.scoreDocs), lex.totalHits.value(), marks, page, size);
            }
            TopDocs vec = withoutWeak(searcher.search(knn(vector, window, f, null), window));
            List<ScoreDoc> fused = fusion == Fusion.RRF ? rrf(lex, vec) : blend(lex, vec, weight);
            return page(searcher, fused, fused.size(), marks, page, size);
        });
    }

    /** Drops hits under {@link #MIN_HYBRID_COSINE}; Lucene scores a dot product d as (1 + d) / 2. */
    private static TopDocs withoutWeak(TopDocs vec) {
        float min = (1 + MIN_HYBRID_COSINE) / 2;
        ScoreDoc[] kept = java.util.Arrays.stream(vec.scoreDocs).filter(d -> d.score >= min).toArray(ScoreDoc[]::new);
        return new TopDocs(vec.totalHits, kept);
    }

    private static List<ScoreDoc> blend(TopDocs lex, TopDocs vec, float weight) {
        Map<Integer, Float> scores = new LinkedHashMap<>();
        addNormalised(scores, lex.scoreDocs, 1 - weight);
        addNormalised(scores, vec.scoreDocs, weight);
        return sorted(scores);
    }

    /** Adds {@code share} × the min-max normalised score of each hit (a single hit counts as 1). */
    private static void addNormalised(Map<Integer, Float> into, ScoreDoc[] docs, float share) {
        if (docs.length == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (ScoreDoc d : docs) {
            max = Math.max(max, d.score);
            min = Math.min(min, d.score);
        }
        float range = max - min;
        for (ScoreDoc d : docs) {
            float norm = range > 0 ? (d.score - min) / range : 1f;
            into.merge(d.doc, share * norm, Float::sum);
        }
    }

    private static List<ScoreDoc> rrf(TopDocs lex, TopDocs vec) {
        Map<Integer, Float> scores = new LinkedHashMap<>();
        for (TopDocs td : new TopDocs[] {lex, vec}) {
            for (int rank = 0; rank < td.scoreDocs.length; rank++) {
                scores.merge(td.scoreDocs[rank].doc, 1f / (60 + rank + 1), Float::sum);
            }
        }
        return sorted(scores);
    }

    private static List<ScoreDoc> sorted(Map<Integer, Float> scores) {
        List<ScoreDoc> out = new ArrayList<>(scores.size());
        scores.forEach((doc, score) -> out.add(new ScoreDoc(doc, score)));
        out.sort(Comparator.comparingDouble((ScoreDoc d) -> -d.score).thenComparingInt(d -> d.doc));
        return out;
    }

    private Query knn(float[] v, int k, SearchFilters f, String excludeId) {
        if (v == null || v.length != Embedder.DIMENSIONS) {
            throw new IllegalArgumentException("a query vector needs " + Embedder.DIMENSIONS + " dimensions");
        }
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        boolean any = addFilters(filter, f);
        if (excludeId != null) {
            filter.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
            filter.add(new TermQuery(new Term(ID, excludeId)), BooleanClause.Occur.MUST_NOT);
            any = true;
        }
        return new KnnFloatVectorQuery(VECTOR, v, k, any ? filter.build() : null);
    }

    /**
     * A lexical query: {@code query} finds and ranks; {@code rescore}, when not null, holds the query's common words,
     * whose scores are added to the best {@value #RESCORE_DEPTH} found (see {@link #COMMON_WORD_SHARE}).
     */
    record Lexical(Query query, Query rescore) {
    }

    /** The best {@code n} by relevance: found by the query's rarer words, ranked by all of its words. */
    private static TopDocs relevant(IndexSearcher searcher, Lexical q, int n) throws IOException {
        if (q.rescore() == null) {
            return searcher.search(q.query(), n);
        }
        TopDocs first = searcher.search(q.query(), Math.max(n, RESCORE_DEPTH));
        TopDocs rescored = org.apache.lucene.search.QueryRescorer.rescore(searcher, first, q.rescore(), 1, n);
        return new TopDocs(first.totalHits, rescored.scoreDocs);
    }

    Lexical lexicalQuery(SearchQuery q, SearchFilters f, org.apache.lucene.index.IndexReader reader)
            throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (q.isIdLookup()) {
            b.add(new TermQuery(new Term(ID, q.arxivId().id())), BooleanClause.Occur.MUST);
            return new Lexical(b.build(), null); // an id goes straight to its paper, whatever the filters say
        }
        Query rescore = null;
        QueryBuilder builder = new QueryBuilder(analyzer);
        boolean scored = false;
        if (!q.terms().isEmpty()) {
            // One clause per distinct query word (its matches in every field summed): a repeated word counts once.
            // Common words only add to the score of what the rarer words find (see COMMON_WORD_SHARE).
            record Word(Query query, long rarity) {
            }
            List<Word> words = new ArrayList<>();
            for (String word : new java.util.LinkedHashSet<>(q.terms())) {
                BooleanQuery.Builder fields = new BooleanQuery.Builder();
                boolean added = false;
                for (var field : TEXT_FIELDS.entrySet()) {
                    Query fq = builder.createBooleanQuery(field.getKey(), word, BooleanClause.Occur.SHOULD);
                    if (fq != null) {
                        fields.add(new BoostQuery(fq, field.getValue()), BooleanClause.Occur.SHOULD);
                        added = true;
                    }
                }
                if (added) {
                    words.add(new Word(fields.build(), abstractsWith(word, reader)));
                }
            }
            // The rarest words find: at most FIRST_PASS_WORDS of them, and no common one unless all are common (then
            // the fewest). The others rescore what those find.
            words.sort(Comparator.comparingLong(Word::rarity));
            long commonAbove = (long) (COMMON_WORD_SHARE * reader.maxDoc());
            boolean allCommon = !words.isEmpty() && words.getFirst().rarity() > commonAbove;
            BooleanQuery.Builder first = new BooleanQuery.Builder();
            BooleanQuery.Builder rest = new BooleanQuery.Builder();
            int firstCount = 0;
            for (Word w : words) {
                boolean finds = allCommon ? firstCount < FIRST_PASS_COMMON_WORDS
                        : firstCount < FIRST_PASS_WORDS && w.rarity() <= commonAbove;
                (finds ? first : rest).add(w.query(), BooleanClause.Occur.SHOULD);
                firstCount += finds ? 1 : 0;
            }
            if (firstCount > 0) {
                b.add(first.build(), BooleanClause.Occur.MUST);
                scored = true;
            }
            if (firstCount > 0 && firstCount < words.size()) {
                rescore = rest.build();
            }
        }
        for (String phrase : q.phrases()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            boolean added = false;
            for (String field : List.of(TITLE, ABSTRACT, KEYWORDS)) {
                Query pq = builder.createPhraseQuery(field, phrase);
                if (pq != null) {
                    any.add(new BoostQuery(pq, TEXT_FIELDS.get(field)), BooleanClause.Occur.SHOULD);
                    added = true;
                }
            }
            // A phrase of stop words only ("the of") analyses to nothing and cannot match.
            b.add(added ? any.build() : new MatchNoDocsQuery(), BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String author : q.authors()) {
            Query aq = builder.createPhraseQuery(AUTHORS, author);
            b.add(aq == null ? new MatchNoDocsQuery() : aq, BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String org : q.organizations()) {
            Query oq = builder.createPhraseQuery(ORG, org);
            b.add(oq == null ? new MatchNoDocsQuery() : oq, BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String word : q.excluded()) {
            for (String field : List.of(TITLE, ABSTRACT, KEYWORDS)) {
                Query eq = builder.createPhraseQuery(field, word);
                if (eq != null) {
                    b.add(eq, BooleanClause.Occur.MUST_NOT);
                }
            }
        }
        if (!scored) {
            // Only stop words or nothing: with no scored clause, an empty query browses, otherwise nothing matches.
            b.add(q.isEmpty() ? MatchAllDocsQuery.INSTANCE : new MatchNoDocsQuery(), BooleanClause.Occur.MUST);
        }
        addFilters(b, f);
        return new Lexical(b.build(), rescore);
    }

    /**
     * A query word found in more than this share of abstracts is "common": when the query has rarer words, those alone
     * find the candidates, and the common words' scores are added to the best {@link #RESCORE_DEPTH} of them. Common
     * words weigh least in BM25 (low idf) and have the longest postings, so this keeps long descriptive queries fast
     * on a million papers (bench/search-scale). On bench/search-eval it also ranked better than searching with every
     * word: MRR@10 0.710 against 0.693 (see the README for other thresholds). Requiring a rare word
     * while common ones scored in the same query was 5x slower than searching with every word; leaving common words
     * out altogether cost 0.08 MRR@10.
     */
    static final double COMMON_WORD_SHARE = 0.05;
    /**
     * At most this many of a query's rarest words find its candidates; the rest rescore them. Long descriptive queries
     * have a dozen words found in 1–5 % of abstracts each, and their union was the slowest first pass.
     */
    static final int FIRST_PASS_WORDS = 6;
    /** As above when every word of the query is common. */
    static final int FIRST_PASS_COMMON_WORDS = 3;
    /** How many of the rarer words' best papers get their common words' scores added (see COMMON_WORD_SHARE). */
    static final int RESCORE_DEPTH = 100;

    /**
     * How many abstracts have {@code word} (the fewest of its tokens that any abstract has). A word in no abstract
     * counts as the rarest when another field has it (a name), and as the most common when nothing has it: a typo
     * must not decide which papers a query finds.
     */
    private long abstractsWith(String word, org.apache.lucene.index.IndexReader reader) throws IOException {
        long fewest = Long.MAX_VALUE;
        for (Token t : analyse(ABSTRACT, word)) {
            int df = reader.docFreq(new Term(ABSTRACT, t.term));
            if (df > 0) {
                fewest = Math.min(fewest, df);
            }
        }
        if (fewest < Long.MAX_VALUE) {
            return fewest;
        }
        for (String field : TEXT_FIELDS.keySet()) {
            for (Token t : analyse(field, word)) {
                if (reader.docFreq(new Term(field, t.term)) > 0) {
                    return 0;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * BM25 with more weight on repeated terms (k1 2.0, default 1.2) and milder length normalisation (b 0.5, default
     * 0.75): both raised MRR@10 on bench/search-eval, where a description's words recur in its paper's abstract.
     */
    static final org.apache.lucene.search.similarities.Similarity SIMILARITY =
            new org.apache.lucene.search.similarities.BM25Similarity(2.0f, 0.5f);

    private static boolean addFilters(BooleanQuery.Builder b, SearchFilters f) {
        boolean any = false;
        if (f.from() != null || f.to() != null) {
            long lo = f.from() == null ? Long.MIN_VALUE + 1 : f.from().toEpochDay();
            long hi = f.to() == null ? Long.MAX_VALUE : f.to().toEpochDay();
            b.add(LongPoint.newRangeQuery(DAY, lo, hi), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.organization() != null) {
            b.add(new TermQuery(new Term(ORG_EXACT, f.organization().toLowerCase(Locale.ROOT))),
                    BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.minUpvotes() > 0) {
            b.add(IntPoint.newRangeQuery(UPVOTES, f.minUpvotes(), Integer.MAX_VALUE), BooleanClause.Occur.FILTER);
            any = true;
        }
        return any;
    }

    private static Sort sortOf(SearchSort s) {
        return switch (s) {
            case DATE -> new Sort(new SortField(DAY, SortField.Type.LONG, true), SortField.FIELD_SCORE);
            case UPVOTES -> new Sort(new SortField(UPVOTES, SortField.Type.INT, true), SortField.FIELD_SCORE);
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
            String title = d.get(TITLE);
            String abs = d.get(ABSTRACT);
            long epochDay = d.getField(DAY).numericValue().longValue();
            hits.add(new SearchHit(d.get(ID), title, highlight(TITLE, title, marks, Integer.MAX_VALUE),
                    highlight(ABSTRACT, abs, marks, SNIPPET_CHARS), Float.isNaN(sd.score) ? 0 : sd.score,
                    epochDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(epochDay),
                    d.getField(UPVOTES).numericValue().intValue(), d.get(ORG)));
        }
        return new SearchResults(hits, total, page, size);
    }

    // ---- highlighting

    /** The analysed forms of the query's words and phrases: a token of the text is marked when its form is here. */
    private Set<String> highlightTerms(SearchQuery q) {
        Set<String> terms = new HashSet<>();
        List<String> texts = new ArrayList<>(q.terms());
        texts.addAll(q.phrases());
        for (String t : texts) {
            analyse(ABSTRACT, t).forEach(token -> terms.add(token.term));
        }
        return terms;
    }

    private record Token(String term, int start, int end) {
    }

    private List<Token> analyse(String field, String text) {
        List<Token> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Escaped {@code text} with the tokens whose analysed form is in {@code marks} wrapped in {@code <mark>};
     * cut to about {@code maxChars} around the densest stretch of matches.
     */
    String highlight(String field, String text, Set<String> marks, int maxChars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        List<Token> hits = new ArrayList<>();
        if (!marks.isEmpty()) {
            for (Token t : analyse(field, text)) {
                if (marks.contains(t.term)) {
                    hits.add(t);
                }
            }
        }
        int start = 0;
        int end = text.length();
        if (text.length() > maxChars) {
            start = bestWindowStart(text, hits, maxChars);
            end = Math.min(text.length(), start + maxChars);
            // Cut at word boundaries.
            while (start > 0 && start < end && !Character.isWhitespace(text.charAt(start - 1))) {
                start++;
            }
            while (end < text.length() && end > start && !Character.isWhitespace(text.charAt(end))) {
                end--;
            }
        }
        StringBuilder html = new StringBuilder();
        if (start > 0) {
            html.append("… ");
        }
        int pos = start;
        for (Token t : hits) {
            if (t.start < pos || t.end > end) {
                continue;
            }
            escape(html, text, pos, t.start);
            html.append("<mark>");
            escape(html, text, t.start, t.end);
            html.append("</mark>");
            pos = t.end;
        }
        escape(html, text, pos, end);
        if (end < text.length()) {
            html.append(" …");
        }
        return html.toString();
    }

    /** Start of the window of {@code width} characters holding the most matches (0 when none match). */
    private static int bestWindowStart(String text, List<Token> hits, int width) {
        int best = 0;
        int bestCount = 0;
        int j = 0;
        for (int i = 0; i < hits.size(); i++) {
            while (j < hits.size() && hits.get(j).end - hits.get(i).start <= width) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = hits.get(i).start;
            }
        }
        // Some context before the first match.
        return Math.max(0, Math.min(best - 40, text.length() - width));
    }

    static void escape(StringBuilder out, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    // ----

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            if (writer != null) {
                writer.close();
            }
            directory.close();
            searchThreads.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
