package papers.search;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * How a paper becomes a Lucene document: the schema of the search index. Ranking reads one combined text — title,
 * abstract and author names, the way textbook BM25 sees a paper — twice: word for word ({@link #TEXT}, lower-cased,
 * 30 stop words) and stemmed ({@link #STEMMED}, so "decoder" finds "decoding"). The title, the authors, the
 * organization and the AI keywords also have fields of their own for phrase boosts, {@code author:}/{@code org:}
 * queries and highlighting. Categories, "has code" and exact author names are untokenized fields for filters. The
 * paper's embedding is an int8-quantized HNSW vector.
 */
final class PaperDocument {

    static final String ID = "id";
    /** Title + abstract + author names, not stemmed: ranks. */
    static final String TEXT = "text";
    /** The same text stemmed (Porter): ranks other forms of a word a little. */
    static final String STEMMED = "stemmed";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    static final String AUTHORS = "authors";
    static final String ORG = "org";
    static final String ORG_EXACT = "org_exact";
    static final String KEYWORDS = "keywords";
    /** Each arXiv category of the paper as arXiv spells it (cs.CL): the {@code category=} filter. */
    static final String CATEGORY = "category";
    /** "y" when the paper links a code repository: the {@code has_code=} filter. */
    static final String HAS_CODE = "has_code";
    /** Each author's name exactly as printed: muted authors. */
    static final String AUTHOR_EXACT = "author_exact";
    static final String DAY = "day";
    static final String UPVOTES = "upvotes";
    static final String VECTOR = "vector";
    static final String HAS_VECTOR = "has_vector";
    /** The paper's {@link CommonWords} with their positions and frequencies: its {@link WordList}. */
    static final String WORDS = "words";

    /**
     * The stop words: the 30 of the textbook baseline, question words included ("how", "what", "which"...), so a
     * question ranks by its content words. Lucene's English list lacks the question words; with them, questions on
     * queries-dev.tsv rank better.
     */
    static final CharArraySet STOP_WORDS = CharArraySet.unmodifiableSet(new CharArraySet(java.util.List.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "of", "on", "or",
            "that", "the", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will", "with"),
            false));

    /** The analyzer a paper's {@link WordList} is made with (the index writer's is another of the same). */
    private static final Analyzer ANALYZER = analyzer();

    private PaperDocument() {
    }

    /** Word for word for TEXT, TITLE, AUTHORS, ORG; stemmed for STEMMED, ABSTRACT and KEYWORDS. */
    static Analyzer analyzer() {
        Analyzer plain = new StandardAnalyzer(STOP_WORDS);
        Analyzer stemmed = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                StandardTokenizer source = new StandardTokenizer();
                TokenStream result = new EnglishPossessiveFilter(source);
                result = new LowerCaseFilter(result);
                result = new StopFilter(result, STOP_WORDS);
                result = new PorterStemFilter(result);
                return new TokenStreamComponents(source, result);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
        return new PerFieldAnalyzerWrapper(plain, Map.of(STEMMED, stemmed, ABSTRACT, stemmed, KEYWORDS, stemmed));
    }

    /** The document of {@code paper}; {@code vectorOrNull} is its embedding when known. */
    static Document of(Paper paper, float[] vectorOrNull) {
        Document doc = new Document();
        doc.add(new StringField(ID, paper.id(), Field.Store.YES));
        doc.add(new TextField(TITLE, paper.title(), Field.Store.YES));
        doc.add(new StoredField(ABSTRACT, paper.abstractText()));
        List<String> combined = combinedText(paper);
        for (String field : new String[] {TEXT, STEMMED}) {
            for (String value : combined) {
                doc.add(new TextField(field, value, Field.Store.NO));
            }
        }
        doc.add(new BinaryDocValuesField(WORDS, WordList.of(ANALYZER, combined, CommonWords.SHIPPED)));
        for (Author a : paper.authors()) {
            doc.add(new TextField(AUTHORS, a.name(), Field.Store.NO));
            doc.add(new StringField(AUTHOR_EXACT, a.name(), Field.Store.NO));
        }
        for (String c : paper.categories()) {
            doc.add(new StringField(CATEGORY, c, Field.Store.NO));
        }
        if (paper.githubRepo() != null && !paper.githubRepo().isBlank()) {
            doc.add(new StringField(HAS_CODE, "y", Field.Store.NO));
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
        return doc;
    }

    /** The values of the combined text, in the order they are indexed: the title, the abstract, each author's name. */
    static List<String> combinedText(Paper paper) {
        List<String> out = new ArrayList<>();
        out.add(paper.title());
        out.add(paper.abstractText());
        for (Author a : paper.authors()) {
            out.add(a.name());
        }
        return out;
    }

    /** The day a paper is filtered and sorted by: its listing day, else its arXiv submission day. */
    static LocalDate dayOf(Paper p) {
        if (p.listedOn() != null) {
            return p.listedOn();
        }
        return p.publishedAt() == null ? null : LocalDate.ofInstant(p.publishedAt(), ZoneOffset.UTC);
    }
}
