package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * One opening of the index folder: the Lucene directory, its writer (none when another process writes) and the
 * searchers over it, with the user data of the commit it opened. {@link SearchIndex} holds one and, when the files
 * turn out damaged while serving, drops it for a fresh empty one ({@link #abandon}, {@link #empty}).
 */
final class IndexFiles {

    static final String SEQ_KEY = "papers.seq";
    static final String SCHEMA_KEY = "papers.schema";
    /**
     * The embedding model of the index's vectors. Vectors of two models must never meet in one index (the candidate
     * models all have 384 dimensions, so nothing else would notice): an index of another model is emptied on open and
     * rebuilt from the store, which gives only the current model's vectors. Indexes from before this key held
     * all-MiniLM-L6-v2-q vectors, the only model shipped before.
     */
    static final String MODEL_KEY = "papers.embedding-model";
    static final String MODEL_BEFORE_THE_KEY = "all-minilm-l6-v2-q";
    /** Lucene keeps this file in the folder while a writer is open; gone, the folder was deleted from under us. */
    private static final String WRITE_LOCK = "write.lock";

    final Path dir;
    final FSDirectory directory;
    /** Null when read-only. */
    final IndexWriter writer;
    final SearcherManager searchers;
    final Map<String, String> commitData;

    private IndexFiles(Path dir, FSDirectory directory, IndexWriter writer, SearcherManager searchers,
                       Map<String, String> commitData) {
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.commitData = commitData;
    }

    /**
     * Opens {@code dir} for writing, creating it when missing. An index of another {@link SearchIndex#SCHEMA} or of
     * another embedding {@code model}'s vectors is emptied, so the follower rebuilds it from the store. A damaged
     * index lets go of Lucene's lock and throws.
     */
    static IndexFiles forWriting(Path dir, Analyzer analyzer, SearcherFactory factory, String model)
            throws IOException {
        Files.createDirectories(dir);
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64)
                .setSimilarity(SearchIndex.SIMILARITY)
                .setMergePolicy(new DocOrder(new TieredMergePolicy()))
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
            throw new SearchIndex.IndexInUseException(dir);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        try {
            Map<String, String> data = new HashMap<>();
            Iterable<Map.Entry<String, String>> entries = writer.getLiveCommitData();
            if (entries != null) {
                entries.forEach(e -> data.put(e.getKey(), e.getValue()));
            }
            if (writer.getDocStats().numDocs > 0 && (!SearchIndex.SCHEMA.equals(data.get(SCHEMA_KEY))
                    || !model.equals(data.getOrDefault(MODEL_KEY, MODEL_BEFORE_THE_KEY)))) {
                // Indexed by an older schema or with another model's vectors: empty, so the follower rebuilds it
                // from the store (reindex, serve).
                writer.deleteAll();
                writer.setLiveCommitData(commitData(0, model));
                writer.commit();
                data.clear();
            }
            SearcherManager searchers = new SearcherManager(HeapNorms.wrap(DirectoryReader.open(writer)), factory);
            return new IndexFiles(dir, directory, writer, searchers, Map.copyOf(data));
        } catch (IOException | RuntimeException e) { // a damaged index: let go of its lock, write nothing
            writer.rollback();
            directory.close();
            throw e;
        }
    }

    /** What a commit records: the change-log position it reflects, the schema and the vectors' model. */
    static Iterable<Map.Entry<String, String>> commitData(long seq, String model) {
        return Map.of(SEQ_KEY, Long.toString(seq), SCHEMA_KEY, SearchIndex.SCHEMA, MODEL_KEY, model).entrySet();
    }

    /** Opens an index another process writes, for searching; throws when there is none in {@code dir}. */
    static IndexFiles readOnly(Path dir, SearcherFactory factory) throws IOException {
        if (!Files.isDirectory(dir)) { // FSDirectory.open would create it, and a writer's folder is not ours to make
            throw new IllegalStateException("there is no search index in " + dir + " yet");
        }
        FSDirectory directory = FSDirectory.open(dir);
        try {
            if (!DirectoryReader.indexExists(directory)) {
                throw new IllegalStateException("there is no search index in " + dir + " yet");
            }
            SearcherManager searchers = new SearcherManager(HeapNorms.wrap(DirectoryReader.open(directory)), factory);
            IndexSearcher s = searchers.acquire();
            try {
                Map<String, String> data = ((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData();
                return new IndexFiles(dir, directory, null, searchers, Map.copyOf(data));
            } finally {
                searchers.release(s);
            }
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** The folder, or the writer's lock file in it, was deleted while open (the writer cannot commit any more). */
    boolean gone() {
        return writer != null && !Files.exists(dir.resolve(WRITE_LOCK));
    }

    void close() throws IOException {
        searchers.close();
        if (writer != null) {
            writer.close();
        }
        directory.close();
    }

    /** Lets go of damaged files: nothing is committed, errors are ignored (there is nothing left to save). */
    void abandon() {
        try {
            searchers.close();
        } catch (IOException | RuntimeException e) {
            // damaged: closing may fail too
        }
        try {
            if (writer != null) {
                writer.rollback();
            }
        } catch (IOException | RuntimeException e) {
            // same
        }
        try {
            directory.close();
        } catch (IOException | RuntimeException e) {
            // same
        }
    }

    /** Deletes everything in {@code dir} (which stays, empty). */
    static void empty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the damaged search index in " + dir, e);
        }
    }
}
