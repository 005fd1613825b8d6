package papers.search;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index is derived data: when its files are damaged (a truncated {@code segments_N}, a deleted
 * {@code .cfs}, a format from another Lucene) it is emptied and opened afresh, and the caller rebuilds it from the
 * store ({@link IndexFollower#rebuildIfEmpty}), instead of the server refusing to start. Only damage counts: an
 * index another process holds, or a folder we may not read, is still an error. Damage found while the index is open
 * is {@link SearchIndex#damaged}'s (searches answer "being rebuilt" while the follower rebuilds it).
 */
public final class IndexRepair {

    private static final Logger LOG = LoggerFactory.getLogger(IndexRepair.class);

    private IndexRepair() {
    }

    /** Opens the index in {@code dir} for writing; a damaged one is emptied first (and is then rebuilt by the caller). */
    public static SearchIndex open(Path dir) {
        try {
            return SearchIndex.open(dir);
        } catch (UncheckedIOException | IllegalStateException e) {
            if (e instanceof SearchIndex.IndexInUseException || !damaged(e)) {
                throw e;
            }
            LOG.warn("the search index in {} is damaged ({}); emptying it to rebuild it from the store", dir,
                    cause(e));
            IndexFiles.empty(dir);
            return SearchIndex.open(dir);
        }
    }

    static boolean damaged(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // InternalError: a file truncated under a memory map ("a fault occurred in an unsafe memory access").
            if (t instanceof CorruptIndexException || t instanceof EOFException || t instanceof NoSuchFileException
                    || t instanceof FileNotFoundException || t instanceof IndexFormatTooOldException
                    || t instanceof IndexFormatTooNewException || t instanceof InternalError) {
                return true;
            }
        }
        return false;
    }

    private static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
