package papers.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import papers.paper.ArxivId;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.paper.Submitter;

/**
 * Reads Hugging Face {@code /api/daily_papers} items, as one JSON array (the API's answer) or as JSON Lines
 * (one item per line), in the 2024 shape and the current one with organizations, AI summaries and links.
 */
public final class HfDailyReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDate defaultListingDay;

    /**
     * @param defaultListingDay the day items were listed on when they do not say (a raw {@code ?date=} answer of
     *                          the 2024 API carries no listing day); null to fall back on the item's posting time
     */
    public HfDailyReader(LocalDate defaultListingDay) {
        this.defaultListingDay = defaultListingDay;
    }

    public void read(InputStream input, RecordSink sink) throws IOException, MalformedSourceException {
        PushbackInputStream in = new PushbackInputStream(input, 4);
        int first = skipWhitespaceAndBom(in);
        if (first == -1) {
            return; // an empty file holds no records
        }
        in.unread(first);
        if (first == '[') {
            readArray(in, sink);
        } else if (first == '{') {
            readLines(in, sink);
        } else {
            throw new MalformedSourceException("not a JSON array or JSON Lines of daily-papers items "
                    + "(it starts with '" + (char) first + "')");
        }
    }

    private static int skipWhitespaceAndBom(PushbackInputStream in) throws IOException {
        int c = in.read();
        if (c == 0xEF) { // UTF-8 byte order mark
            in.read();
            in.read();
            c = in.read();
        }
        while (c != -1 && Character.isWhitespace(c)) {
            c = in.read();
        }
        return c;
    }

    private void readArray(InputStream in, RecordSink sink) throws IOException, MalformedSourceException {
        JsonFactory factory = JSON.getFactory();
        try (JsonParser parser = factory.createParser(in)) {
            parser.nextToken(); // START_ARRAY
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new MalformedSourceException("the JSON array ends early, after item " + index);
                }
                JsonNode item = JSON.readTree(parser);
                index++;
                toPaper(item, "item " + index, sink);
            }
        } catch (JsonProcessingException e) {
            throw new MalformedSourceException("not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    private void readLines(InputStream in, RecordSink sink) throws IOException, MalformedSourceException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        int lineNumber = 0;
        int parsed = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode item;
            try {
                item = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (parsed == 0) {
                    // The very first record is broken: this is not a JSON Lines file (or a pretty-printed object).
                    throw new MalformedSourceException("line " + lineNumber + " is not one JSON object: "
                            + e.getOriginalMessage(), e);
                }
                sink.reject("line " + lineNumber, "not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            parsed++;
            toPaper(item, "line " + lineNumber, sink);
        }
    }

    private void toPaper(JsonNode item, String where, RecordSink sink) {
        JsonNode p = item.path("paper");
        String id = text(p, "id");
        String label = id == null ? where : where + " (" + id + ")";
        if (!item.isObject() || !p.isObject()) {
            sink.reject(label, "no \"paper\" object");
            return;
        }
        if (id == null) {
            sink.reject(label, "paper.id is missing");
            return;
        }
        ArxivId arxivId = ArxivId.parse(id).orElse(null);
        if (arxivId == null) {
            sink.reject(label, "paper.id is not an arXiv id: '" + id + "'");
            return;
        }
        try {
            sink.accept(paper(item, p, arxivId));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            sink.reject(label, e.getMessage());
        }
    }

    private Paper paper(JsonNode item, JsonNode p, ArxivId arxivId) {
        String title = Text.normalizeOrNull(firstText(p, item, "title"));
        if (title == null) {
            throw new IllegalArgumentException("title is missing");
        }
        String summary = Text.normalize(firstText(p, item, "summary"));
        if (summary == null) {
            throw new IllegalArgumentException("summary is missing");
        }
        JsonNode authorsNode = p.path("authors");
        if (!authorsNode.isArray()) {
            throw new IllegalArgumentException("paper.authors is not a list");
        }
        List<Author> authors = new ArrayList<>();
        for (JsonNode a : authorsNode) {
            String name = Text.normalizeOrNull(text(a, "name"));
            if (name == null) {
                throw new IllegalArgumentException("an author has no name");
            }
            authors.add(new Author(name, text(a.path("user"), "user"), a.path("hidden").asBoolean(false)));
        }
        String published = text(p, "publishedAt");
        if (published == null) {
            throw new IllegalArgumentException("paper.publishedAt is missing");
        }
        int upvotes = count(p, "upvotes");
        int comments = count(item, "numComments");

        Paper paper = Paper.of(arxivId.id(), arxivId.version(), title, summary, authors, Instant.parse(published))
                .withListing(listingDay(item, p), submitter(item, p))
                .withCommunity(organization(item.path("organization"), p.path("organization")), upvotes, comments,
                        text(p, "discussionId"), text(item, "thumbnail"))
                .withLinks(text(p, "githubRepo"), p.path("githubStars").isInt() ? p.get("githubStars").asInt() : null,
                        text(p, "projectPage"));
        List<String> keywords = new ArrayList<>();
        for (JsonNode k : p.path("ai_keywords")) {
            String keyword = Text.normalizeOrNull(k.asText(null));
            if (keyword != null) {
                keywords.add(keyword);
            }
        }
        return paper.withAi(Text.normalizeOrNull(text(p, "ai_summary")), keywords)
                .withListingExtras(mediaUrls(item, p), firstText(p, item, "ai_summary_model"),
                        organization(item.path("submitterOrganization"), p.path("submitterOrganization")),
                        firstText(p, item, "githubRepoAddedBy"));
    }

    /**
     * The submitter's figures and videos: the item's list (Hugging Face sends it there on every item that has
     * media, and inside {@code paper} only on newer ones), web addresses only. The 2024 shape's single
     * {@code mediaUrl} is the social thumbnail, not media.
     */
    private static List<String> mediaUrls(JsonNode item, JsonNode p) {
        JsonNode list = item.path("mediaUrls").isArray() ? item.path("mediaUrls") : p.path("mediaUrls");
        if (!list.isArray() || list.isEmpty()) {
            return List.of();
        }
        List<String> urls = new ArrayList<>(list.size());
        for (JsonNode u : list) {
            String url = u.asText("");
            if (url.startsWith("https://") || url.startsWith("http://")) {
                urls.add(url);
            }
        }
        return urls;
    }

    /** The feed day: the paper's own listing time, then the JSON Lines {@code _date}, then the caller's, then the posting day. */
    private LocalDate listingDay(JsonNode item, JsonNode p) {
        String onDaily = text(p, "submittedOnDailyAt");
        if (onDaily != null) {
            return LocalDate.ofInstant(Instant.parse(onDaily), ZoneOffset.UTC);
        }
        String date = text(item, "_date");
        if (date != null) {
            return LocalDate.parse(date);
        }
        if (defaultListingDay != null) {
            return defaultListingDay;
        }
        String posted = text(item, "publishedAt");
        if (posted == null) {
            throw new IllegalArgumentException("publishedAt (the posting time) is missing");
        }
        return LocalDate.ofInstant(Instant.parse(posted), ZoneOffset.UTC);
    }

    private static Submitter submitter(JsonNode item, JsonNode p) {
        for (JsonNode s : List.of(item.path("submittedBy"), p.path("submittedOnDailyBy"))) {
            String name = text(s, "name") != null ? text(s, "name") : text(s, "user");
            if (name != null) {
                return new Submitter(name, text(s, "fullname"), text(s, "avatarUrl"));
            }
        }
        return null;
    }

    /** The first of two organization objects that names one. */
    private static Organization organization(JsonNode first, JsonNode second) {
        for (JsonNode o : List.of(first, second)) {
            String name = text(o, "name");
            if (name != null) {
                return new Organization(name, Text.normalizeOrNull(text(o, "fullname")), text(o, "avatar"));
            }
        }
        return null;
    }

    private static int count(JsonNode node, String field) {
        JsonNode n = node.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
            throw new IllegalArgumentException(field + " is not a count: " + n);
        }
        return n.asInt();
    }

    private static String firstText(JsonNode p, JsonNode item, String field) {
        String s = text(p, field);
        return s != null ? s : text(item, field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.path(field);
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
}
