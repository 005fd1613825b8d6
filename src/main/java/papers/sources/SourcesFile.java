package papers.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code PAPERS_HOME/sources.toml}: an optional top-level {@code contact} (put in the User-Agent) and any
 * number of {@code [[source]]} tables. Everything is checked before anything runs, and each error names the file,
 * the line and the key, so a typo is found at start and not at the first run hours later.
 */
public final class SourcesFile {

    /** What the file says. {@code fromFile} false: there was no file and these are the defaults. */
    public record Sources(String contact, List<SourceSpec> sources, boolean fromFile) { }

    private static final Pattern EVERY = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\[?\\s*([A-Za-z0-9_.\"-]+)\\s*]]?");
    private static final Set<String> COMMON = Set.of("name", "kind", "url", "every");
    private static final Map<SourceSpec.Kind, Set<String>> KEYS = Map.of(
            SourceSpec.Kind.HF_DAILY, Set.of("days"),
            SourceSpec.Kind.ARXIV_OAI, Set.of("sets", "since", "list_categories", "metadata_prefix"),
            SourceSpec.Kind.ARXIV_ENRICH, Set.of("max_requests"),
            SourceSpec.Kind.GITHUB_STARS, Set.of("days", "max_requests"));

    private final String file;
    private final List<String> lines;
    private final LocalDate today;

    private SourcesFile(String file, String text, LocalDate today) {
        this.file = file;
        this.lines = text.lines().toList();
        this.today = today;
    }

    /** The file in {@code home}, or the defaults when there is none. */
    public static Sources load(Path home, LocalDate today) {
        Path path = home.resolve("sources.toml");
        if (!Files.exists(path)) {
            return new Sources(null, SourceSpec.defaults(), false);
        }
        try {
            return parse(path.toString(), Files.readString(path), today);
        } catch (IOException e) {
            throw new SourcesFileException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** @param today where {@code since} starts when the file does not say (7 days before it) */
    public static Sources parse(String file, String text, LocalDate today) {
        return new SourcesFile(file, text, today).parse(text);
    }

    private Sources parse(String text) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new SourcesFileException(file + (line > 0 ? ":" + line : "") + ": not valid TOML: "
                    + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Sources(null, List.of(), true);
        }
        String contact = null;
        List<SourceSpec> sources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            switch (e.getKey()) {
                case "contact" -> {
                    if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        throw error(-1, "contact", "must be a text such as an email address");
                    }
                    contact = e.getValue().asText().strip();
                }
                case "source" -> {
                    if (!e.getValue().isArray()) {
                        throw error(-1, "source", "must be written as [[source]] tables");
                    }
                    int i = 0;
                    for (JsonNode table : e.getValue()) {
                        sources.add(source(i++, table));
                    }
                }
                default -> throw error(-1, e.getKey(), "unknown key (expected contact or [[source]] tables)");
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            if (!names.add(sources.get(i).name())) {
                throw error(i, "name", "'" + sources.get(i).name() + "' is used by two sources");
            }
        }
        return new Sources(contact, List.copyOf(sources), true);
    }

    private SourceSpec source(int index, JsonNode t) {
        if (!t.isObject()) {
            throw error(index, "source", "must be a table");
        }
        String name = text(index, t, "name", true);
        if (!NAME.matcher(name).matches()) {
            throw error(index, "name", "'" + name + "' must be lower-case letters, digits, - or _ (at most 40)");
        }
        String kindText = text(index, t, "kind", true);
        SourceSpec.Kind kind = SourceSpec.Kind.of(kindText);
        if (kind == null) {
            throw error(index, "kind", "'" + kindText + "' is not a kind; use one of " + SourceSpec.Kind.known());
        }
        for (Iterator<String> keys = t.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!COMMON.contains(key) && !KEYS.get(kind).contains(key)) {
                throw error(index, key, "unknown key for kind " + kind.key() + " (it takes "
                        + String.join(", ", new java.util.TreeSet<>(union(COMMON, KEYS.get(kind)))) + ")");
            }
        }
        String urlText = text(index, t, "url", false);
        URI url = URI.create(kind.defaultUrl());
        if (urlText != null) {
            try {
                url = new URI(urlText.strip());
            } catch (java.net.URISyntaxException e) {
                url = null;
            }
            if (url == null || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw error(index, "url", "'" + urlText + "' is not an http(s) address");
            }
        }
        String everyText = text(index, t, "every", false);
        Duration every = everyText == null ? kind.defaultEvery() : duration(index, everyText);
        int days = integer(index, t, "days", kind == SourceSpec.Kind.GITHUB_STARS ? 7 : 3, 1, 60);
        int maxRequests = integer(index, t, "max_requests",
                kind == SourceSpec.Kind.GITHUB_STARS ? 50 : 10, 1, 5_000);
        List<String> sets = strings(index, t, "sets");
        Set<String> listCategories = new LinkedHashSet<>(strings(index, t, "list_categories"));
        LocalDate since = today.minusDays(7);
        String sinceText = text(index, t, "since", false);
        if (sinceText == null && t.has("since") && !t.get("since").isTextual()) {
            sinceText = t.get("since").asText(); // a bare TOML date
        }
        if (sinceText != null) {
            try {
                since = LocalDate.parse(sinceText.strip());
            } catch (DateTimeParseException e) {
                throw error(index, "since", "'" + sinceText + "' is not a day like 2026-08-01");
            }
        }
        if (kind == SourceSpec.Kind.ARXIV_OAI && sets.isEmpty()) {
            throw error(index, "sets", "an arxiv-oai source needs sets, e.g. sets = [\"cs\"] (all of arXiv is "
                    + "millions of records)");
        }
        String prefix = text(index, t, "metadata_prefix", false);
        return new SourceSpec(name, kind, url, every, days, sets, since, Set.copyOf(listCategories),
                prefix == null ? "arXiv" : prefix.strip(), maxRequests);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private Duration duration(int index, String text) {
        Matcher m = EVERY.matcher(text.strip());
        if (!m.matches()) {
            throw error(index, "every", "'" + text + "' is not a duration like 2s, 30m, 6h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw error(index, "every", "must be longer than 0");
        }
        return d;
    }

    private String text(int index, JsonNode t, String key, boolean required) {
        JsonNode v = t.get(key);
        if (v == null) {
            if (required) {
                throw error(index, key, "is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            if (key.equals("since") && !v.isContainerNode()) {
                return null; // read as a date below
            }
            throw error(index, key, "must be a non-empty text in quotes");
        }
        return v.asText();
    }

    private int integer(int index, JsonNode t, String key, int fallback, int min, int max) {
        JsonNode v = t.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw error(index, key, "must be a whole number from " + min + " to " + max + ", got " + v);
        }
        return v.asInt();
    }

    private List<String> strings(int index, JsonNode t, String key) {
        JsonNode v = t.get(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(index, key, "must be a list of texts, e.g. " + key + " = [\"cs\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(index, key, "must hold only non-empty texts");
            }
            out.add(item.asText().strip());
        }
        return List.copyOf(out);
    }

    /** An error at {@code key} of the {@code index}-th source table (-1: a top-level key), with its line. */
    private SourcesFileException error(int index, String key, String problem) {
        int line = lineOf(index, key);
        String where = index < 0 ? key : "source " + (index + 1) + ", " + key;
        return new SourcesFileException(file + (line > 0 ? ":" + line : "") + ": " + where + ": " + problem);
    }

    /** The line of {@code key} inside the {@code index}-th {@code [[source]]} (or before any table); 0 if not found. */
    private int lineOf(int index, String key) {
        Pattern keyLine = Pattern.compile("^\\s*\"?" + Pattern.quote(key) + "\"?\\s*=");
        int table = -1;
        int tableLine = 0;
        boolean inside = index < 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TABLE.matcher(lines.get(i));
            if (m.find()) {
                if (m.group(1).equals("source")) {
                    table++;
                    inside = table == index;
                    if (inside) {
                        tableLine = i + 1;
                    }
                } else {
                    inside = false;
                }
                continue;
            }
            if (inside && keyLine.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return tableLine;
    }
}
