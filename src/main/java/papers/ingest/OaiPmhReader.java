package papers.ingest;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an arXiv OAI-PMH answer ({@code export.arxiv.org/oai2}, verbs ListRecords and GetRecord) with metadata
 * in the {@code arXiv}, {@code oai_dc} or {@code arXivRaw} format. Streams, record by record.
 *
 * <p>Inside a record, elements are matched by local name only: arXiv's GetRecord answers have been seen with the
 * {@code <arXiv>} element in the OAI namespace instead of its own.
 */
public final class OaiPmhReader {

    private static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    private static final Set<String> VERBS_WITHOUT_RECORDS =
            Set.of("Identify", "ListIdentifiers", "ListSets", "ListMetadataFormats");
    private static final Pattern ARXIV_ABS = Pattern.compile("(?i)^https?://(www\\.|export\\.)?arxiv\\.org/abs/");
    private static final String HEADER_ID_PREFIX = "oai:arXiv.org:";
    private static final String COMMENT_PREFIX = "Comment:";

    private OaiPmhReader() {
    }

    /**
     * Sends each record to {@code sink} as it is read; records that cannot be papers are rejected there and
     * deleted records are passed over.
     *
     * @throws MalformedSourceException when the input is not well-formed OAI-PMH, carries an OAI error other than
     *                                  {@code noRecordsMatch}, or uses a metadata format this reader does not know
     */
    public static OaiPage read(InputStream in, RecordSink sink) throws MalformedSourceException {
        XMLStreamReader xml = Xml.open(in);
        try {
            Xml.root(xml, OAI, "OAI-PMH", "an OAI-PMH response");
            Page page = new Page();
            while (Xml.nextChild(xml)) {
                String name = xml.getLocalName();
                if (name.equals("error")) {
                    error(xml);
                } else if (name.equals("ListRecords") || name.equals("GetRecord")) {
                    readRecords(xml, sink, page);
                } else if (VERBS_WITHOUT_RECORDS.contains(name)) {
                    throw new MalformedSourceException("an OAI-PMH " + name
                            + " response holds no records; expected ListRecords or GetRecord");
                } else {
                    Xml.skip(xml); // responseDate, request
                }
            }
            Xml.finish(xml);
            return new OaiPage(page.records, page.token, page.completeListSize);
        } catch (XMLStreamException e) {
            throw Xml.malformed(e);
        } finally {
            Xml.close(xml);
        }
    }

    /** The page totals, filled in as the list is read. */
    private static final class Page {
        int seen;
        int records;
        String token;
        Integer completeListSize;
    }

    /** {@code noRecordsMatch} is how OAI-PMH says "nothing new": an empty page, not a failure. */
    private static void error(XMLStreamReader xml) throws XMLStreamException, MalformedSourceException {
        String code = xml.getAttributeValue(null, "code");
        String message = Text.normalizeOrNull(Xml.text(xml));
        if ("noRecordsMatch".equals(code)) {
            return;
        }
        throw new MalformedSourceException("the OAI-PMH repository answered with error "
                + (code == null ? "(no code)" : code) + (message == null ? "" : ": " + message));
    }

    private static void readRecords(XMLStreamReader xml, RecordSink sink, Page page)
            throws XMLStreamException, MalformedSourceException {
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "record" -> {
                    page.seen++;
                    if (readRecord(xml, "record " + page.seen, sink)) {
                        page.records++;
                    }
                }
                case "resumptionToken" -> {
                    page.completeListSize = integerOrNull(xml.getAttributeValue(null, "completeListSize"));
                    page.token = Text.normalizeOrNull(Xml.text(xml));
                }
                default -> Xml.skip(xml);
            }
        }
    }

    /** Returns false for a deleted record, which is passed over without a word. */
    private static boolean readRecord(XMLStreamReader xml, String where, RecordSink sink)
            throws XMLStreamException, MalformedSourceException {
        boolean deleted = false;
        String headerId = null;
        PaperDraft draft = null;
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "header" -> {
                    deleted = "deleted".equals(xml.getAttributeValue(null, "status"));
                    String[] idAndStamp = header(xml);
                    headerId = idAndStamp[0];
                    if (idAndStamp[1] != null) {
                        sink.datestamp(idAndStamp[1]);
                    }
                }
                case "metadata" -> draft = metadata(xml, headerId);
                default -> Xml.skip(xml); // about
            }
        }
        if (deleted) {
            return false;
        }
        if (draft == null) {
            String id = arxivIdOfHeader(headerId);
            sink.reject(id == null ? where : where + " (" + id + ")", "no metadata");
        } else {
            draft.emit(where, sink);
        }
        return true;
    }

    /** The header's identifier and datestamp (either may be null). */
    private static String[] header(XMLStreamReader xml) throws XMLStreamException {
        String id = null;
        String datestamp = null;
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "identifier" -> id = Text.normalizeOrNull(Xml.text(xml));
                case "datestamp" -> datestamp = Text.normalizeOrNull(Xml.text(xml));
                default -> Xml.skip(xml); // setSpec
            }
        }
        return new String[] {id, datestamp};
    }

    /** Reads the one element inside {@code <metadata>}, whose name says the format. */
    private static PaperDraft metadata(XMLStreamReader xml, String headerId)
            throws XMLStreamException, MalformedSourceException {
        PaperDraft draft = null;
        while (Xml.nextChild(xml)) {
            if (draft != null) {
                Xml.skip(xml);
                continue;
            }
            draft = switch (xml.getLocalName()) {
                case "arXiv" -> arxivFormat(xml);
                case "dc" -> dublinCore(xml, headerId);
                case "arXivRaw" -> arxivRaw(xml);
                default -> throw new MalformedSourceException("metadata format <" + xml.getLocalName()
                        + "> is not supported; harvest with metadataPrefix arXiv, arXivRaw or oai_dc");
            };
        }
        return draft;
    }

    /** {@code metadataPrefix=arXiv}: structured authors, the day of the first version, no version number. */
    private static PaperDraft arxivFormat(XMLStreamReader xml) throws XMLStreamException {
        PaperDraft draft = new PaperDraft();
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "id" -> draft.idText = Text.normalizeOrNull(Xml.text(xml));
                case "created" -> draft.publishedAt = day(draft, "created", Xml.text(xml));
                case "authors" -> structuredAuthors(xml, draft);
                case "title" -> draft.title = Xml.text(xml);
                case "abstract" -> draft.abstractText = Xml.text(xml);
                case "categories" -> categories(draft, Xml.text(xml));
                case "comments" -> draft.comments = Xml.text(xml);
                case "journal-ref" -> draft.journalRef = Xml.text(xml);
                case "doi" -> draft.doi = Xml.text(xml);
                default -> Xml.skip(xml); // updated, report-no, license, msc-class, acm-class, proxy
            }
        }
        return draft;
    }

    private static void structuredAuthors(XMLStreamReader xml, PaperDraft draft) throws XMLStreamException {
        while (Xml.nextChild(xml)) {
            if (!xml.getLocalName().equals("author")) {
                Xml.skip(xml);
                continue;
            }
            String keyname = null;
            String forenames = null;
            String suffix = null;
            while (Xml.nextChild(xml)) {
                switch (xml.getLocalName()) {
                    case "keyname" -> keyname = Text.normalizeOrNull(Xml.text(xml));
                    case "forenames" -> forenames = Text.normalizeOrNull(Xml.text(xml));
                    case "suffix" -> suffix = Text.normalizeOrNull(Xml.text(xml));
                    default -> Xml.skip(xml); // affiliation
                }
            }
            // As the paper prints it: "Forenames Keyname Suffix"; a collaboration has a keyname only.
            draft.author(joinNonNull(forenames, keyname, suffix));
        }
    }

    /**
     * {@code metadataPrefix=oai_dc}: creators as "Last, First", the comment as a "Comment:" description, dates
     * as days. The subjects are long names ("Computer Science - Information Theory"), not categories: skipped.
     */
    private static PaperDraft dublinCore(XMLStreamReader xml, String headerId) throws XMLStreamException {
        PaperDraft draft = new PaperDraft();
        String absUrl = null;
        boolean dated = false;
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "title" -> draft.title = Xml.text(xml);
                case "creator" -> draft.author(lastCommaFirst(Text.normalize(Xml.text(xml))));
                case "description" -> {
                    String d = Text.normalize(Xml.text(xml));
                    if (d.startsWith(COMMENT_PREFIX)) {
                        draft.comments = d.substring(COMMENT_PREFIX.length());
                    } else if (draft.abstractText == null) {
                        draft.abstractText = d;
                    }
                }
                case "date" -> {
                    String d = Xml.text(xml);
                    if (!dated) { // the first date is the first version's; later ones are revisions
                        draft.publishedAt = day(draft, "dc:date", d);
                        dated = true;
                    }
                }
                case "identifier" -> {
                    String id = Text.normalize(Xml.text(xml));
                    if (absUrl == null && ARXIV_ABS.matcher(id).find()) {
                        absUrl = id;
                    } else if (id.regionMatches(true, 0, "doi:", 0, 4) && draft.doi == null) {
                        draft.doi = id.substring(4);
                    }
                }
                default -> Xml.skip(xml); // subject, type, publisher...
            }
        }
        draft.idText = absUrl != null ? absUrl : arxivIdOfHeader(headerId);
        return draft;
    }

    /** "oai:arXiv.org:2401.14034" gives "2401.14034"; another repository's identifier gives null. */
    private static String arxivIdOfHeader(String headerId) {
        return headerId != null && headerId.startsWith(HEADER_ID_PREFIX)
                ? headerId.substring(HEADER_ID_PREFIX.length()) : null;
    }

    /** "Li, Chuankun" becomes "Chuankun Li"; "Smith, John, Jr" becomes "John Smith Jr"; other forms stay. */
    static String lastCommaFirst(String creator) {
        String[] parts = creator.split("\\s*,\\s*", -1);
        return switch (parts.length) {
            case 2 -> joinNonNull(parts[1], parts[0]);
            case 3 -> joinNonNull(parts[1], parts[0], parts[2]);
            default -> creator;
        };
    }

    /**
     * {@code metadataPrefix=arXivRaw}: every version with its submission time, so the version number and the
     * exact time of the first version are known; authors come as one string ("A, B and C").
     */
    private static PaperDraft arxivRaw(XMLStreamReader xml) throws XMLStreamException {
        PaperDraft draft = new PaperDraft();
        while (Xml.nextChild(xml)) {
            switch (xml.getLocalName()) {
                case "id" -> draft.idText = Text.normalizeOrNull(Xml.text(xml));
                case "version" -> rawVersion(xml, draft);
                case "title" -> draft.title = Xml.text(xml);
                case "authors" -> splitAuthors(Text.normalize(Xml.text(xml))).forEach(draft::author);
                case "abstract" -> draft.abstractText = Xml.text(xml);
                case "categories" -> categories(draft, Xml.text(xml));
                case "comments" -> draft.comments = Xml.text(xml);
                case "journal-ref" -> draft.journalRef = Xml.text(xml);
                case "doi" -> draft.doi = Xml.text(xml);
                default -> Xml.skip(xml); // submitter, report-no, license, proxy
            }
        }
        return draft;
    }

    private static void rawVersion(XMLStreamReader xml, PaperDraft draft) throws XMLStreamException {
        String label = xml.getAttributeValue(null, "version");
        String date = null;
        while (Xml.nextChild(xml)) {
            if (xml.getLocalName().equals("date")) {
                date = Text.normalizeOrNull(Xml.text(xml));
            } else {
                Xml.skip(xml); // size, source_type
            }
        }
        Integer n = label != null && label.matches("v\\d{1,6}") ? Integer.valueOf(label.substring(1)) : null;
        if (n == null) {
            draft.problem("version is not vN: '" + label + "'");
            return;
        }
        if (draft.version == null || n > draft.version) {
            draft.version = n;
        }
        if (n == 1 && date != null) {
            try { // "Mon, 2 Apr 2007 19:18:42 GMT"
                draft.publishedAt = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                draft.problem("date of v1 is not a date: '" + date + "'");
            }
        }
    }

    /**
     * Splits arXivRaw's author string at commas and "and" outside parentheses; parenthesised affiliations
     * ("A (MIT)", a trailing "((1) MIT, (2) CERN)") are dropped.
     */
    static List<String> splitAuthors(String authors) {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        int depth = 0;
        String s = authors.replaceAll("\\s+and\\s+", ", ");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && c == ',') {
                addName(names, name);
            } else if (depth == 0) {
                name.append(c);
            }
        }
        addName(names, name);
        return names;
    }

    private static void addName(List<String> names, StringBuilder name) {
        String n = Text.normalize(name.toString());
        if (!n.isEmpty()) { // "A, B, and C" leaves an empty piece
            names.add(n);
        }
        name.setLength(0);
    }

    private static void categories(PaperDraft draft, String text) {
        for (String c : Text.normalize(text).split(" ")) {
            draft.category(c);
        }
    }

    /** A day as the start of that day in UTC; a day that does not parse makes the record rejectable. */
    private static Instant day(PaperDraft draft, String field, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            draft.problem(field + " is not a date: '" + t + "'");
            return null;
        }
    }

    private static Integer integerOrNull(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null; // only informative; paging goes by the token
        }
    }

    private static String joinNonNull(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                joined.append(joined.isEmpty() ? "" : " ").append(p.strip());
            }
        }
        return joined.toString();
    }
}
