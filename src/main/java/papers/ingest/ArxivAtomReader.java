package papers.ingest;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an arXiv API answer ({@code export.arxiv.org/api/query}): an Atom feed whose entries carry arXiv's
 * extension elements. Streams, so a page of 2,000 entries is never held whole.
 */
public final class ArxivAtomReader {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";
    private static final String ARXIV = "http://arxiv.org/schemas/atom";
    /** arXiv answers a bad query with a feed whose single entry has an id under this address. */
    private static final String API_ERROR = "http://arxiv.org/api/errors";
    /**
     * An arXiv category (cs.CL, astro-ph.EP, physics.soc-ph, hep-th). The API also lists an entry's MSC and ACM
     * classes as categories ("14C20, 14M99", "I.2.6"); those are not arXiv categories and are left out.
     */
    private static final Pattern CATEGORY = Pattern.compile("[a-z]+(?:-[a-z]+)*(?:\\.[A-Za-z]+(?:-[A-Za-z]+)*)?");

    private ArxivAtomReader() {
    }

    /**
     * Sends each entry to {@code sink} as it is read; entries that cannot be papers are rejected there.
     *
     * @throws MalformedSourceException when the input is not a well-formed Atom feed, or is arXiv's error feed
     */
    public static AtomPage read(InputStream in, RecordSink sink) throws MalformedSourceException {
        XMLStreamReader xml = Xml.open(in);
        try {
            Xml.root(xml, ATOM, "feed", "an Atom feed");
            int totalResults = -1;
            int startIndex = -1;
            int itemsPerPage = -1;
            int entries = 0;
            while (Xml.nextChild(xml)) {
                String ns = xml.getNamespaceURI();
                String name = xml.getLocalName();
                if (ATOM.equals(ns) && name.equals("entry")) {
                    entries++;
                    readEntry(xml, entries, sink);
                } else if (OPENSEARCH.equals(ns) && name.equals("totalResults")) {
                    totalResults = number(xml);
                } else if (OPENSEARCH.equals(ns) && name.equals("startIndex")) {
                    startIndex = number(xml);
                } else if (OPENSEARCH.equals(ns) && name.equals("itemsPerPage")) {
                    itemsPerPage = number(xml);
                } else {
                    Xml.skip(xml);
                }
            }
            Xml.finish(xml);
            return new AtomPage(totalResults, startIndex, itemsPerPage, entries);
        } catch (XMLStreamException e) {
            throw Xml.malformed(e);
        } finally {
            Xml.close(xml);
        }
    }

    private static void readEntry(XMLStreamReader xml, int index, RecordSink sink)
            throws XMLStreamException, MalformedSourceException {
        PaperDraft draft = new PaperDraft();
        String primaryCategory = null;
        List<String> otherCategories = new ArrayList<>();
        while (Xml.nextChild(xml)) {
            String ns = xml.getNamespaceURI();
            String name = xml.getLocalName();
            if (ATOM.equals(ns)) {
                switch (name) {
                    case "id" -> draft.idText = Text.normalizeOrNull(Xml.text(xml));
                    case "title" -> draft.title = Xml.text(xml);
                    case "summary" -> draft.abstractText = Xml.text(xml);
                    case "published" -> published(draft, Xml.text(xml));
                    case "author" -> author(xml, draft);
                    case "category" -> {
                        otherCategories.add(xml.getAttributeValue(null, "term"));
                        Xml.skip(xml);
                    }
                    default -> Xml.skip(xml);
                }
            } else if (ARXIV.equals(ns)) {
                switch (name) {
                    case "primary_category" -> {
                        primaryCategory = xml.getAttributeValue(null, "term");
                        Xml.skip(xml);
                    }
                    case "comment" -> draft.comments = Xml.text(xml);
                    case "journal_ref" -> draft.journalRef = Xml.text(xml);
                    case "doi" -> draft.doi = Xml.text(xml);
                    default -> Xml.skip(xml);
                }
            } else {
                Xml.skip(xml);
            }
        }
        if (draft.idText != null && draft.idText.startsWith(API_ERROR)) {
            String message = Text.normalizeOrNull(draft.abstractText);
            throw new MalformedSourceException("the arXiv API answered with an error: "
                    + (message != null ? message : draft.idText));
        }
        // Primary first (arXiv lists it among the others too; the draft drops the repeat), then feed order.
        category(draft, primaryCategory);
        otherCategories.forEach(term -> category(draft, term));
        draft.emit("entry " + index, sink);
    }

    private static void category(PaperDraft draft, String term) {
        if (term != null && CATEGORY.matcher(term.strip()).matches()) {
            draft.category(term);
        }
    }

    private static void author(XMLStreamReader xml, PaperDraft draft) throws XMLStreamException {
        while (Xml.nextChild(xml)) {
            if (ATOM.equals(xml.getNamespaceURI()) && xml.getLocalName().equals("name")) {
                draft.author(Xml.text(xml));
            } else {
                Xml.skip(xml); // arxiv:affiliation
            }
        }
    }

    private static void published(PaperDraft draft, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return; // no date: the paper is kept without one
        }
        try {
            draft.publishedAt = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            draft.problem("published date is not a timestamp: '" + t + "'");
        }
    }

    private static int number(XMLStreamReader xml) throws XMLStreamException, MalformedSourceException {
        String name = xml.getLocalName();
        String text = Xml.text(xml).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            // The importer pages with these numbers; guessing would skip or repeat results.
            throw new MalformedSourceException("opensearch:" + name + " is not a number: '" + text + "'");
        }
    }
}
