package papers.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.paper.Submitter;

/**
 * Papers in the JSON shapes of the Hugging Face papers API, field for field, so its clients (the
 * {@code huggingface_hub} Python client among them) read this server unchanged. Optional fields are left out when
 * unknown, as Hugging Face does. What the store does not keep (Hugging Face's internal {@code _id}s, an author's
 * claim status, follower counts) is not made up.
 */
final class ApiJson {

    private static final JsonFactory JSON = new JsonFactory();
    /** Hugging Face writes times with milliseconds; older huggingface_hub versions parse only that form. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ApiJson() {
    }

    /** {@code GET /api/daily_papers}: an array of items, each the paper plus its listing. */
    static byte[] dailyPapers(List<Paper> papers) {
        return write(g -> {
            g.writeStartArray();
            for (Paper p : papers) {
                item(g, p);
            }
            g.writeEndArray();
        });
    }

    /**
     * {@code GET /api/me/for-you}: items shaped like {@code /api/daily_papers}'s, each with the {@code reasons} it is
     * there ({@code reasons.get(i)} for {@code papers.get(i)}).
     */
    static byte[] withReasons(List<Paper> papers, List<List<String>> reasons) {
        return write(g -> {
            g.writeStartArray();
            for (int i = 0; i < papers.size(); i++) {
                item(g, papers.get(i), reasons.get(i));
            }
            g.writeEndArray();
        });
    }

    /** {@code GET /api/papers/{id}}: the paper as one flat object. */
    static byte[] paper(Paper p) {
        return write(g -> {
            g.writeStartObject();
            paperFields(g, p);
            g.writeNumberField("numComments", p.numComments());
            optional(g, "thumbnail", p.thumbnail());
            g.writeEndObject();
        });
    }

    private static void item(JsonGenerator g, Paper p) throws IOException {
        item(g, p, null);
    }

    private static void item(JsonGenerator g, Paper p, List<String> reasons) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("paper");
        paperFields(g, p);
        g.writeEndObject();
        // The listing's time: the start (UTC) of the day the paper was listed, which is also what an importer of
        // this answer reads back as the listing day.
        optional(g, "publishedAt", p.listedOn() == null ? null : day(p.listedOn()));
        g.writeStringField("title", p.title());
        g.writeStringField("summary", p.abstractText());
        mediaUrls(g, p);
        optional(g, "thumbnail", p.thumbnail());
        g.writeNumberField("numComments", p.numComments());
        if (p.submitter() != null) {
            g.writeFieldName("submittedBy");
            submitter(g, p.submitter());
        }
        if (p.organization() != null) {
            g.writeFieldName("organization");
            organization(g, p.organization());
        }
        if (p.submitterOrganization() != null) {
            g.writeFieldName("submitterOrganization");
            organization(g, p.submitterOrganization());
        }
        g.writeBooleanField("isAuthorParticipating", isAuthorParticipating(p));
        // huggingface_hub's PaperInfo reads these at the item's top level only, so they are repeated here.
        links(g, p);
        if (reasons != null) {
            g.writeArrayFieldStart("reasons");
            for (String r : reasons) {
                g.writeString(r);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void paperFields(JsonGenerator g, Paper p) throws IOException {
        g.writeStringField("id", p.id());
        g.writeArrayFieldStart("authors");
        for (Author a : p.authors()) {
            g.writeStartObject();
            g.writeStringField("name", a.name());
            if (a.hfUser() != null) { // an object, as Hugging Face sends it (the client builds a User from it)
                g.writeObjectFieldStart("user");
                g.writeStringField("user", a.hfUser());
                g.writeStringField("type", "user");
                g.writeEndObject();
            }
            g.writeBooleanField("hidden", a.hidden());
            g.writeEndObject();
        }
        g.writeEndArray();
        mediaUrls(g, p);
        optional(g, "publishedAt", p.publishedAt() == null ? null : TIME.format(p.publishedAt()));
        optional(g, "submittedOnDailyAt", p.listedOn() == null ? null : day(p.listedOn()));
        g.writeStringField("title", p.title());
        if (p.submitter() != null) {
            g.writeFieldName("submittedOnDailyBy");
            submitter(g, p.submitter());
        }
        g.writeStringField("summary", p.abstractText());
        g.writeNumberField("upvotes", p.upvotes());
        optional(g, "discussionId", p.discussionId());
        links(g, p);
        // Inside paper only, as Hugging Face sends them.
        optional(g, "githubRepoAddedBy", p.githubRepoAddedBy());
        optional(g, "ai_summary_model", p.aiSummaryModel());
        if (p.organization() != null) {
            g.writeFieldName("organization");
            organization(g, p.organization());
        }
    }

    /** The optional fields Hugging Face sends both inside {@code paper} and at the item's top level. */
    private static void links(JsonGenerator g, Paper p) throws IOException {
        optional(g, "ai_summary", p.aiSummary());
        if (!p.aiKeywords().isEmpty()) {
            g.writeArrayFieldStart("ai_keywords");
            for (String k : p.aiKeywords()) {
                g.writeString(k);
            }
            g.writeEndArray();
        }
        optional(g, "githubRepo", p.githubRepo());
        if (p.githubStars() != null) {
            g.writeNumberField("githubStars", p.githubStars());
        }
        optional(g, "projectPage", p.projectPage());
    }

    /** The submitter's media: Hugging Face sends the list inside {@code paper} and at the item's top level. */
    private static void mediaUrls(JsonGenerator g, Paper p) throws IOException {
        if (!p.mediaUrls().isEmpty()) {
            g.writeArrayFieldStart("mediaUrls");
            for (String url : p.mediaUrls()) {
                g.writeString(url);
            }
            g.writeEndArray();
        }
    }

    private static void organization(JsonGenerator g, Organization o) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", o.name());
        optional(g, "fullname", o.fullName());
        optional(g, "avatar", o.avatar());
        g.writeEndObject();
    }

    /** Hugging Face names the account in {@code name}; {@code user} is added for clients that read that key. */
    private static void submitter(JsonGenerator g, Submitter s) throws IOException {
        g.writeStartObject();
        optional(g, "avatarUrl", s.avatarUrl());
        optional(g, "fullname", s.fullName());
        g.writeStringField("name", s.name());
        g.writeStringField("user", s.name());
        g.writeStringField("type", "user");
        g.writeEndObject();
    }

    /**
     * Hugging Face sets this when an author of the paper takes part on its page; the nearest fact kept here is that an
     * author has claimed the paper with an account.
     */
    static boolean isAuthorParticipating(Paper p) {
        return p.authors().stream().anyMatch(a -> a.hfUser() != null);
    }

    static String day(LocalDate day) {
        return TIME.format(day.atStartOfDay(ZoneOffset.UTC));
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
