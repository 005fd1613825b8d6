package papers.sources;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code [[source]]} of {@code sources.toml}, validated: what to follow, how often, and the keys of its kind.
 *
 * @param days           hf-daily: today and the days before it asked each run; github-stars: papers listed in the
 *                       last {@code days} days get their stars refreshed
 * @param sets           arxiv-oai: the OAI sets harvested (e.g. {@code cs}, {@code stat})
 * @param since          arxiv-oai: where the first harvest starts
 * @param listCategories arxiv-oai: papers in one of these categories are listed on the daily feed
 * @param maxRequests    arxiv-enrich and github-stars: requests one run may make at most
 */
public record SourceSpec(String name, Kind kind, URI url, Duration every, int days, List<String> sets,
                         LocalDate since, Set<String> listCategories, String metadataPrefix, int maxRequests) {

    /** The kinds of source, with what a source of the kind does when the file leaves a key out. */
    public enum Kind {
        HF_DAILY("hf-daily", "https://huggingface.co/api/daily_papers", Duration.ofMinutes(30)),
        ARXIV_OAI("arxiv-oai", "https://oaipmh.arxiv.org/oai", Duration.ofHours(12)),
        ARXIV_ENRICH("arxiv-enrich", "https://export.arxiv.org/api/query", Duration.ofMinutes(30)),
        GITHUB_STARS("github-stars", "https://api.github.com", Duration.ofHours(6));

        private final String key;
        private final String defaultUrl;
        private final Duration defaultEvery;

        Kind(String key, String defaultUrl, Duration defaultEvery) {
            this.key = key;
            this.defaultUrl = defaultUrl;
            this.defaultEvery = defaultEvery;
        }

        public String key() {
            return key;
        }

        public String defaultUrl() {
            return defaultUrl;
        }

        public Duration defaultEvery() {
            return defaultEvery;
        }

        public static Kind of(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key.strip().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            return null;
        }

        static String known() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Kind::key).toList());
        }
    }

    /** What {@code serve} follows when there is no sources file: Hugging Face's daily list, enriched from arXiv. */
    public static List<SourceSpec> defaults() {
        return List.of(
                new SourceSpec("huggingface", Kind.HF_DAILY, URI.create(Kind.HF_DAILY.defaultUrl),
                        Kind.HF_DAILY.defaultEvery, 3, List.of(), null, Set.of(), null, 0),
                new SourceSpec("arxiv-details", Kind.ARXIV_ENRICH, URI.create(Kind.ARXIV_ENRICH.defaultUrl),
                        Kind.ARXIV_ENRICH.defaultEvery, 0, List.of(), null, Set.of(), null, 10));
    }
}
