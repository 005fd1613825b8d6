package papers.paper;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * How a paper is a row of the {@code papers} table (joined with its organization): the columns written and their SQL
 * types, the values of a paper for them, the paper read back from a row, the JSON columns (authors, keywords, media),
 * and reads by id in chunks that stay under the databases' parameter limits. {@link PaperStore} reads with it and
 * {@link PaperUpsert} writes with it.
 */
final class PaperRows {

    private PaperRows() {
    }

    /** Rows fetched per IN (...) list: far below SQLite's and PostgreSQL's parameter limits. */
    private static final int IN_CHUNK = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    static final String SELECT_PAPER = """
            SELECT p.*, o.name AS org_name, o.full_name AS org_full_name, o.avatar AS org_avatar
            FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
            """;

    static final String PAPER_COLUMNS = "version, title, abstract, authors, published_at, listed_on, "
            + "organization_id, upvotes, num_comments, github_repo, github_stars, project_page, ai_summary, "
            + "ai_keywords, submitter_name, submitter_fullname, submitter_avatar, thumbnail, discussion_id, "
            + "categories, comments, journal_ref, doi, media_urls, ai_summary_model, submitter_org_name, "
            + "submitter_org_fullname, submitter_org_avatar, github_repo_added_by, updated_at";

    /** Papers an admin hid are left out of every read but {@link PaperStore#findIncludingHidden}. */
    static final String VISIBLE = "p.hidden_at IS NULL";

    /** SQL types of {@link #PAPER_COLUMNS}, in order (a typed NULL matters to PostgreSQL). */
    static final int[] PAPER_COLUMN_TYPES = {
        Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};

    /** The values of {@link #PAPER_COLUMNS} for {@code p}, then its id. */
    static Object[] paperRow(Paper p, Map<String, Long> orgIds, String now) {
        Submitter s = p.submitter();
        Organization so = p.submitterOrganization();
        return new Object[] {
            p.version(),
            p.title(),
            p.abstractText(),
            authorsJson(p.authors()),
            p.publishedAt() == null ? null : p.publishedAt().toString(),
            p.listedOn() == null ? null : p.listedOn().toString(),
            p.organization() == null ? null : orgIds.get(p.organization().name()),
            p.upvotes(),
            p.numComments(),
            p.githubRepo(),
            p.githubStars(),
            p.projectPage(),
            p.aiSummary(),
            p.aiKeywords().isEmpty() ? null : toJson(p.aiKeywords()),
            s == null ? null : s.name(),
            s == null ? null : s.fullName(),
            s == null ? null : s.avatarUrl(),
            p.thumbnail(),
            p.discussionId(),
            p.categories().isEmpty() ? null : String.join(" ", p.categories()),
            p.comments(),
            p.journalRef(),
            p.doi(),
            p.mediaUrls().isEmpty() ? null : toJson(p.mediaUrls()),
            p.aiSummaryModel(),
            so == null ? null : so.name(),
            so == null ? null : so.fullName(),
            so == null ? null : so.avatar(),
            p.githubRepoAddedBy(),
            now,
            p.id()};
    }

    static Map<String, Paper> findAll(Handle h, Collection<String> ids, boolean includeHidden) {
        Map<String, Paper> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            h.createQuery(SELECT_PAPER + " WHERE p.id IN (<ids>)" + (includeHidden ? "" : " AND " + VISIBLE))
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> readPaper(rs))
                    .forEach(p -> found.put(p.id(), p));
        }
        return found;
    }

    static Paper readPaper(ResultSet rs) throws SQLException {
        String orgName = rs.getString("org_name");
        String submitter = rs.getString("submitter_name");
        String published = rs.getString("published_at");
        String listed = rs.getString("listed_on");
        String categories = rs.getString("categories");
        String keywords = rs.getString("ai_keywords");
        String media = rs.getString("media_urls");
        String submitterOrg = rs.getString("submitter_org_name");
        return new Paper(
                rs.getString("id"),
                rs.getObject("version") == null ? null : rs.getInt("version"),
                rs.getString("title"),
                rs.getString("abstract"),
                authorsFromJson(rs.getString("authors")),
                published == null ? null : Instant.parse(published),
                listed == null ? null : LocalDate.parse(listed),
                orgName == null ? null
                        : new Organization(orgName, rs.getString("org_full_name"), rs.getString("org_avatar")),
                rs.getInt("upvotes"),
                rs.getInt("num_comments"),
                rs.getString("github_repo"),
                rs.getObject("github_stars") == null ? null : rs.getInt("github_stars"),
                rs.getString("project_page"),
                rs.getString("ai_summary"),
                keywords == null ? List.of() : stringsFromJson(keywords),
                submitter == null ? null
                        : new Submitter(submitter, rs.getString("submitter_fullname"), rs.getString("submitter_avatar")),
                rs.getString("thumbnail"),
                rs.getString("discussion_id"),
                categories == null ? List.of() : Arrays.asList(categories.split(" ")),
                rs.getString("comments"),
                rs.getString("journal_ref"),
                rs.getString("doi"),
                media == null ? List.of() : stringsFromJson(media),
                rs.getString("ai_summary_model"),
                submitterOrg == null ? null : new Organization(submitterOrg, rs.getString("submitter_org_fullname"),
                        rs.getString("submitter_org_avatar")),
                rs.getString("github_repo_added_by"));
    }

    static String authorsJson(List<Author> authors) {
        StringWriter out = new StringWriter(authors.size() * 32);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Author a : authors) {
                g.writeStartObject();
                g.writeStringField("name", a.name());
                if (a.hfUser() != null) {
                    g.writeStringField("user", a.hfUser());
                }
                if (a.hidden()) {
                    g.writeBooleanField("hidden", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static List<Author> authorsFromJson(String json) {
        try {
            JsonNode array = JSON.readTree(json);
            List<Author> authors = new ArrayList<>(array.size());
            for (JsonNode a : array) {
                JsonNode user = a.get("user");
                authors.add(new Author(a.get("name").asText(), user == null ? null : user.asText(),
                        a.path("hidden").asBoolean(false)));
            }
            return authors;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored authors are not a JSON list: " + json, e);
        }
    }

    private static String toJson(List<String> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stringsFromJson(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is not a JSON list of strings: " + json, e);
        }
    }

    static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> list = List.copyOf(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += IN_CHUNK) {
            chunks.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
        }
        return chunks;
    }
}
