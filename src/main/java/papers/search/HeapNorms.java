package papers.search;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * A reader whose norms (each paper's length in a field, which every BM25 score reads) are held in the heap, one byte
 * per paper and field, instead of read from the memory-mapped file for each scored paper. At a million papers the
 * slowest searches spent about a tenth of their time reading norms through the mapped file, where each byte read
 * also checks that the mapping is still open; a byte array costs 1 MB per field at a million papers. A segment's norms
 * are copied on the first search that reads them and shared by the reopened readers of that segment (its core), until
 * it is closed. The values are the file's: scores do not change. A field whose norms do not fit a byte (no similarity
 * here writes such) is read from the file as before.
 */
final class HeapNorms extends FilterDirectoryReader {

    /** The norms copied so far: by segment core, then by field. */
    private static final Map<IndexReader.CacheKey, Map<String, Norms>> COPIED = new ConcurrentHashMap<>();

    private HeapNorms(DirectoryReader in) throws IOException {
        super(in, new SubReaderWrapper() {
            @Override
            public LeafReader wrap(LeafReader reader) {
                return new Leaf(reader);
            }
        });
    }

    /** {@code in} with its norms read from the heap (and so each reader it reopens). */
    static DirectoryReader wrap(DirectoryReader in) throws IOException {
        return new HeapNorms(in);
    }

    /** Whether norms of the segment (core) {@code key} are held (for tests: a closed segment's are let go). */
    static boolean holds(IndexReader.CacheKey key) {
        return COPIED.containsKey(key);
    }

    @Override
    protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
        return new HeapNorms(in);
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
        return in.getReaderCacheHelper(); // the same documents and values: what is cached for one holds for the other
    }

    /** One field's norms of one segment: its value per paper, and which papers have one (null: all). */
    private record Norms(byte[] values, FixedBitSet present, int count) {
    }

    /** A field whose norms stay in the file (remembered, so that no search copies them again). */
    private static final Norms IN_FILE = new Norms(new byte[0], null, 0);

    private static final class Leaf extends FilterLeafReader {

        Leaf(LeafReader in) {
            super(in);
        }

        @Override
        public NumericDocValues getNormValues(String field) throws IOException {
            CacheHelper core = in.getCoreCacheHelper();
            if (core == null) {
                return in.getNormValues(field);
            }
            Map<String, Norms> fields = COPIED.computeIfAbsent(core.getKey(), key -> {
                core.addClosedListener(COPIED::remove);
                return new ConcurrentHashMap<>();
            });
            Norms norms = fields.get(field);
            if (norms == null) {
                NumericDocValues file = in.getNormValues(field);
                if (file == null) {
                    return null;
                }
                norms = copy(file, maxDoc());
                fields.putIfAbsent(field, norms);
            }
            return norms == IN_FILE ? in.getNormValues(field) : new Values(norms);
        }

        /** The file's norms as a copy, or {@link HeapNorms#IN_FILE} when a value does not fit a byte. */
        private static Norms copy(NumericDocValues file, int maxDoc) throws IOException {
            byte[] values = new byte[maxDoc];
            FixedBitSet present = new FixedBitSet(maxDoc);
            int count = 0;
            for (int doc = file.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = file.nextDoc()) {
                long v = file.longValue();
                if (v != (byte) v) {
                    return IN_FILE;
                }
                values[doc] = (byte) v;
                present.set(doc);
                count++;
            }
            return new Norms(values, count == maxDoc ? null : present, count);
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return in.getCoreCacheHelper();
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return in.getReaderCacheHelper();
        }
    }

    /** Norms read from the heap copy; an iterator as the file's (papers without the field have no value). */
    private static final class Values extends NumericDocValues {
        private final byte[] values;
        private final FixedBitSet present;
        private final int count;
        private int doc = -1;

        Values(Norms norms) {
            this.values = norms.values();
            this.present = norms.present();
            this.count = norms.count();
        }

        @Override
        public long longValue() {
            return values[doc];
        }

        @Override
        public void longValues(int size, int[] docs, long[] out, long defaultValue) {
            longValues(size, docs, 0, out, 0, defaultValue);
        }

        @Override
        public void longValues(int size, int[] docs, int docsOffset, long[] out, int outOffset, long defaultValue) {
            for (int i = 0; i < size; i++) {
                int d = docs[docsOffset + i];
                out[outOffset + i] = present == null || present.get(d) ? values[d] : defaultValue;
            }
        }

        @Override
        public boolean advanceExact(int target) {
            doc = target;
            return present == null || present.get(target);
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public int nextDoc() {
            return advance(doc + 1);
        }

        @Override
        public int advance(int target) {
            if (target >= values.length) {
                return doc = NO_MORE_DOCS;
            }
            if (present == null) {
                return doc = target;
            }
            int next = present.nextSetBit(target);
            return doc = next == DocIdSetIterator.NO_MORE_DOCS ? NO_MORE_DOCS : next;
        }

        @Override
        public long cost() {
            return count;
        }
    }
}
