package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * A paper's {@link CommonWords} as one binary doc value ({@link PaperDocument#WORDS}): each common word of its combined
 * text with the position Lucene gives it there, and each common stem with how often the stemmed text has it. It is
 * the paper's side of the longest postings, so the second pass ({@link SecondPass}) reads a candidate's frequencies
 * and positions of the common words in one step instead of advancing each word's postings to it: the same numbers
 * (positions counted as Lucene's indexing chain counts them: stop words and the end of each value leave gaps), in a
 * few hundred bytes.
 * <p>Layout: the number of common words of the text, then for each (in position order) its position less the one
 * before (-1 at first) and its id; the number of distinct common stems, then for each (by id) its id less the one
 * before and its frequency. All variable-length ints.
 */
final class WordList {

    private WordList() {
    }

    /** The list of a paper whose combined text is {@code values} (in the order they are indexed). */
    static BytesRef of(Analyzer analyzer, List<String> values, CommonWords common) {
        try {
            List<int[]> words = new ArrayList<>(); // {position, id}, in position order
            int position = -1;
            for (String value : values) {
                position = invert(analyzer, PaperDocument.TEXT, value, position, (word, at) -> {
                    int id = common.textId(word);
                    if (id >= 0) {
                        words.add(new int[] {at, id});
                    }
                });
            }
            TreeMap<Integer, Integer> stems = new TreeMap<>(); // id -> frequency
            position = -1;
            for (String value : values) {
                position = invert(analyzer, PaperDocument.STEMMED, value, position, (stem, at) -> {
                    int id = common.stemId(stem);
                    if (id >= 0) {
                        stems.merge(id, 1, Integer::sum);
                    }
                });
            }
            byte[] bytes = new byte[5 * (2 + 2 * words.size() + 2 * stems.size())];
            ByteArrayDataOutput out = new ByteArrayDataOutput(bytes);
            out.writeVInt(words.size());
            int last = -1;
            for (int[] w : words) {
                out.writeVInt(w[0] - last);
                out.writeVInt(w[1]);
                last = w[0];
            }
            out.writeVInt(stems.size());
            int before = 0;
            for (var e : stems.entrySet()) {
                out.writeVInt(e.getKey() - before);
                out.writeVInt(e.getValue());
                before = e.getKey();
            }
            return new BytesRef(bytes, 0, out.getPosition());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface TokenSink {
        void token(String term, int position);
    }

    /**
     * Analyses one value of {@code field} as Lucene's indexing chain does, positions going on from {@code position}
     * (-1 before the first value); returns the position after it, end gaps included.
     */
    private static int invert(Analyzer analyzer, String field, String value, int position, TokenSink sink)
            throws IOException {
        try (TokenStream ts = analyzer.tokenStream(field, value)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                position += increment.getPositionIncrement();
                sink.token(term.toString(), position);
            }
            ts.end();
            position += increment.getPositionIncrement();
        }
        return position + analyzer.getPositionIncrementGap(field);
    }

    /**
     * Reads lists for one query: the slot of each common word ({@code textSlot[id]}) and stem ({@code stemSlot[id]})
     * the query asks for, -1 for the others.
     */
    static final class Reader {
        private final int[] textSlot;
        private final int[] stemSlot;
        private final ByteArrayDataInput in = new ByteArrayDataInput();

        Reader(int[] textSlot, int[] stemSlot) {
            this.textSlot = textSlot;
            this.stemSlot = stemSlot;
        }

        /**
         * Adds what {@code list} says of the query's slots to {@code freq} and their positions to {@code at}
         * (grown as needed; a word's positions ascending): what its postings would have said.
         */
        void read(BytesRef list, int[] freq, int[][] at) {
            in.reset(list.bytes, list.offset, list.length);
            int words = in.readVInt();
            int position = -1;
            for (int i = 0; i < words; i++) {
                position += in.readVInt();
                int id = in.readVInt();
                int slot = id < textSlot.length ? textSlot[id] : -1;
                if (slot >= 0) {
                    int n = freq[slot]++;
                    int[] into = at[slot];
                    if (into == null || into.length <= n) {
                        at[slot] = into = ArrayUtil.grow(into == null ? new int[16] : into, n + 1);
                    }
                    into[n] = position;
                }
            }
            int stems = in.readVInt();
            int id = 0;
            for (int i = 0; i < stems; i++) {
                id += in.readVInt();
                int f = in.readVInt();
                int slot = id < stemSlot.length ? stemSlot[id] : -1;
                if (slot >= 0) {
                    freq[slot] = f;
                }
            }
        }
    }
}
