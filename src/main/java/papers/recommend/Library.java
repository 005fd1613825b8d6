package papers.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import papers.paper.ArxivId;

/**
 * A reference library as exported by reference managers, read into what can match a paper here: its arXiv id, DOI
 * and title. Reads BibTeX (arXiv's and Zotero's), RIS, Zotero's CSV export and CSL JSON (Zotero's "JSON" export);
 * the format is recognised from the content. arXiv ids are found wherever exporters put them: {@code eprint}, an
 * arxiv.org URL, an arXiv DOI (10.48550/arXiv.ID), {@code journal = arXiv preprint arXiv:ID}, Zotero's Extra line
 * {@code arXiv: ID}.
 */
public final class Library {

    /** One reference: any of the three may be null. */
    public record Entry(String arxivId, String doi, String title) { }

    /** Formats recognised. */
    public enum Format { BIBTEX, RIS, CSV, JSON }

    /** Most entries read from one file: a large personal library, not a bibliography database. */
    public static final int MAX_ENTRIES = 20_000;

    private static final Pattern ARXIV_IN_TEXT = Pattern.compile(
            "(?i)(?:arxiv(?:\\.org/(?:abs|pdf)/|:\\s*|\\.)|10\\.48550/arxiv\\.)"
                    + "(\\d{4}\\.\\d{4,5}|[a-z][a-z.-]+/\\d{7})(?:v\\d+)?");
    private static final Pattern DOI = Pattern.compile("10\\.\\d{4,9}/[^\\s\"'<>{}]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Library() {
    }

    public static Format detect(String text) {
        String t = text.stripLeading();
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1).stripLeading();
        }
        if (t.startsWith("@") || t.matches("(?s)^%.*?\\n\\s*@.*")) {
            return Format.BIBTEX;
        }
        if (t.startsWith("TY  -") || t.startsWith("TY -")) {
            return Format.RIS;
        }
        if (t.startsWith("[") || t.startsWith("{")) {
            return Format.JSON;
        }
        String firstLine = t.lines().findFirst().orElse("");
        if (firstLine.contains(",") && firstLine.toLowerCase(Locale.ROOT).contains("title")) {
            return Format.CSV;
        }
        throw new IllegalArgumentException("not a library export this site reads: use BibTeX (.bib), RIS (.ris), "
                + "or Zotero's CSV or JSON export");
    }

    /** The entries of an export; {@link IllegalArgumentException} with a message when it cannot be read. */
    public static List<Entry> read(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Entry> out = switch (detect(t)) {
            case BIBTEX -> bibtex(t);
            case RIS -> ris(t);
            case CSV -> csv(t);
            case JSON -> json(t);
        };
        if (out.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("the library has " + out.size() + " entries; at most " + MAX_ENTRIES
                    + " are read at once");
        }
        return out;
    }

    static List<Entry> bibtex(String text) {
        List<Entry> out = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf('@', i)) >= 0) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                break;
            }
            String type = text.substring(i + 1, open).strip().toLowerCase(Locale.ROOT);
            int close = matching(text, open);
            String body = text.substring(open + 1, close < 0 ? text.length() : close);
            i = close < 0 ? text.length() : close + 1;
            if (type.equals("comment") || type.equals("string") || type.equals("preamble")) {
                continue;
            }
            Map<String, String> fields = bibFields(body);
            String arxiv = null;
            String prefix = fields.getOrDefault("archiveprefix", fields.getOrDefault("eprinttype", ""));
            if (fields.containsKey("eprint") && (prefix.isEmpty() || prefix.equalsIgnoreCase("arxiv"))) {
                arxiv = arxivId(fields.get("eprint"));
            }
            if (arxiv == null) {
                arxiv = arxivIn(String.join(" ", fields.getOrDefault("url", ""), fields.getOrDefault("doi", ""),
                        fields.getOrDefault("journal", ""), fields.getOrDefault("note", ""),
                        fields.getOrDefault("howpublished", "")));
            }
            out.add(entry(arxiv, fields.get("doi"), fields.get("title")));
        }
        return out;
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static Map<String, String> bibFields(String body) {
        Map<String, String> fields = new HashMap<>();
        int k = body.indexOf(','); // after the citation key
        while (k >= 0 && k < body.length()) {
            int eq = body.indexOf('=', k);
            if (eq < 0) {
                break;
            }
            String name = body.substring(k + 1, eq).strip().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            while (v < body.length() && Character.isWhitespace(body.charAt(v))) {
                v++;
            }
            if (v >= body.length()) {
                break;
            }
            String value;
            int end;
            if (body.charAt(v) == '{') {
                end = matching(body, v);
                if (end < 0) {
                    end = body.length() - 1;
                }
                value = body.substring(v + 1, end);
                end++;
            } else if (body.charAt(v) == '"') {
                end = v + 1;
                while (end < body.length() && (body.charAt(end) != '"' || body.charAt(end - 1) == '\\')) {
                    end++;
                }
                value = body.substring(v + 1, Math.min(end, body.length()));
                end++;
            } else {
                end = v;
                while (end < body.length() && body.charAt(end) != ',') {
                    end++;
                }
                value = body.substring(v, end).strip();
            }
            fields.put(name, value.replaceAll("[{}]", "").replaceAll("\\s+", " ").strip());
            k = body.indexOf(',', Math.min(end, body.length()));
        }
        return fields;
    }

    static List<Entry> ris(String text) {
        List<Entry> out = new ArrayList<>();
        Map<String, List<String>> tags = new HashMap<>();
        for (String line : text.split("\\R")) {
            if (line.length() < 2) {
                continue;
            }
            String tag = line.substring(0, 2);
            String value = line.length() > 6 ? line.substring(6).strip() : "";
            if (!line.matches("^[A-Z][A-Z0-9]  ?-.*")) {
                continue;
            }
            if (tag.equals("ER")) {
                out.add(risEntry(tags));
                tags.clear();
            } else {
                tags.computeIfAbsent(tag, t -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    private static Entry risEntry(Map<String, List<String>> tags) {
        String title = first(tags, "TI", "T1", "CT", "BT");
        String doi = first(tags, "DO");
        StringBuilder all = new StringBuilder();
        for (String t : List.of("UR", "L1", "L2", "DO", "JO", "JF", "T2", "N1", "M3", "AN", "ID", "SN")) {
            tags.getOrDefault(t, List.of()).forEach(v -> all.append(' ').append(v));
        }
        return entry(arxivIn(all.toString()), doi, title);
    }

    private static String first(Map<String, List<String>> tags, String... names) {
        for (String n : names) {
            List<String> v = tags.get(n);
            if (v != null && !v.isEmpty() && !v.get(0).isBlank()) {
                return v.get(0);
            }
        }
        return null;
    }

    static List<Entry> csv(String text) {
        List<List<String>> rows = csvRows(text);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0);
        for (int c = 0; c < header.size(); c++) {
            col.putIfAbsent(header.get(c).strip().toLowerCase(Locale.ROOT), c);
        }
        if (!col.containsKey("title")) {
            throw new IllegalArgumentException("the CSV file has no Title column (Zotero's CSV export has one)");
        }
        List<Entry> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            String all = String.join(" ", cell(row, col, "url"), cell(row, col, "extra"), cell(row, col, "doi"),
                    cell(row, col, "publication title"), cell(row, col, "archive location"),
                    cell(row, col, "report number"), cell(row, col, "number"));
            out.add(entry(arxivIn(all), blank(cell(row, col, "doi")), blank(cell(row, col, "title"))));
        }
        return out;
    }

    private static String cell(List<String> row, Map<String, Integer> col, String name) {
        Integer c = col.get(name);
        return c == null || c >= row.size() ? "" : row.get(c);
    }

    /** RFC 4180: fields separated by commas, quoted with double quotes (doubled inside), quotes may hold newlines. */
    static List<List<String>> csvRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    static List<Entry> json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the JSON file cannot be read: " + e.getMessage());
        }
        if (root.has("items")) { // Zotero's API / Better BibTeX JSON wraps items
            root = root.get("items");
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("the JSON file must hold an array of items (Zotero's CSL JSON export)");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode item : root) {
            JsonNode data = item.has("data") ? item.get("data") : item; // Zotero web API items keep fields in data
            String doi = text(data, "DOI", "doi");
            String all = String.join(" ", text(data, "URL", "url"), text(data, "note", "extra"),
                    text(data, "number", "archive_location"), text(data, "container-title", "publicationTitle"),
                    doi == null ? "" : doi, text(data, "id", "key"));
            out.add(entry(arxivIn(all), doi, text(data, "title", "title")));
        }
        return out;
    }

    private static String text(JsonNode node, String a, String b) {
        JsonNode v = node.has(a) ? node.get(a) : node.get(b);
        return v == null || !v.isValueNode() ? "" : v.asText();
    }

    private static Entry entry(String arxiv, String doi, String title) {
        String d = doi == null ? null : doiIn(doi);
        return new Entry(arxiv, d, blank(title));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The first arXiv id mentioned in the text (URL, "arXiv:", arXiv DOI), versionless; null when none. */
    static String arxivIn(String text) {
        Matcher m = ARXIV_IN_TEXT.matcher(text);
        while (m.find()) {
            String id = arxivId(m.group(1));
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String arxivId(String raw) {
        return ArxivId.parse(raw.strip()).map(ArxivId::id).orElse(null);
    }

    private static String doiIn(String raw) {
        Matcher m = DOI.matcher(raw);
        return m.find() ? m.group().replaceAll("[.,;]+$", "").toLowerCase(Locale.ROOT) : null;
    }

    /** A title reduced to lower-case letters and digits separated by single spaces, for comparing titles. */
    public static String normalizeTitle(String title) {
        return title == null ? "" : title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
