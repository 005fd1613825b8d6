package papers.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.ingest.ImportReport;
import papers.ingest.MalformedSourceException;
import papers.ingest.PoliteHttpClient;
import papers.paper.PaperStore;

/**
 * Refreshes the GitHub stars of papers listed in the last {@code days} days that link a repository, through
 * GitHub's REST API ({@code GET /repos/OWNER/NAME}). Requests are conditional ({@code If-None-Match} with the
 * stored ETag): an unchanged repository answers 304, which GitHub does not count against the rate limit. When the
 * limit is spent (403 or 429 with {@code X-RateLimit-Remaining: 0}) the run stops and the source pauses until
 * {@code X-RateLimit-Reset}. A token ({@code PAPERS_GITHUB_TOKEN}) raises the limit from 60 to 5,000 an hour.
 */
final class GithubStarsSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(GithubStarsSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO = Pattern.compile("(?i)^https?://(www\\.)?github\\.com/([\\w.-]+)/([\\w.-]+?)(\\.git)?/?$");

    private final SourceSpec spec;
    private final PaperStore papers;
    private final SourceStateStore states;
    private final PoliteHttpClient http;
    private final String token;
    private final Clock clock;

    GithubStarsSource(SourceSpec spec, PaperStore papers, SourceStateStore states, PoliteHttpClient http,
                      String token, Clock clock) {
        this.spec = spec;
        this.papers = papers;
        this.states = states;
        this.http = http;
        this.token = token;
        this.clock = clock;
    }

    @Override
    public ImportReport run() throws IOException, MalformedSourceException {
        SourceState state = states.find(spec.name()).orElseThrow();
        if (state.pausedUntil() != null && clock.instant().isBefore(state.pausedUntil())) {
            LOG.info("source {}: GitHub's rate limit is spent until {}; nothing asked", spec.name(),
                    state.pausedUntil());
            return new ImportReport(0, 0, 0, 0, List.of());
        }
        if (state.pausedUntil() != null) {
            states.pauseUntil(spec.name(), null);
        }
        LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(spec.days());
        Map<String, String> repos = papers.listedWithGithubRepo(since, spec.maxRequests());
        Map<String, Integer> stars = new LinkedHashMap<>();
        int skipped = 0;
        for (var e : repos.entrySet()) {
            Matcher m = REPO.matcher(e.getValue().strip());
            if (!m.matches()) {
                skipped++;
                continue;
            }
            String url = spec.url().toString().replaceAll("/+$", "") + "/repos/" + m.group(2) + "/" + m.group(3);
            var known = states.etag(spec.name(), url);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/vnd.github+json");
            headers.put("X-GitHub-Api-Version", "2022-11-28");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            known.ifPresent(k -> headers.put("If-None-Match", k.etag()));
            PoliteHttpClient.Response r = http.fetch(URI.create(url), headers);
            if (r.status() == 304 && known.isPresent() && known.get().value() != null) {
                stars.put(e.getKey(), Integer.parseInt(known.get().value()));
            } else if (r.status() == 200) {
                JsonNode body = JSON.readTree(r.body());
                if (!body.path("stargazers_count").isIntegralNumber()) {
                    throw new MalformedSourceException(url + " answered without stargazers_count");
                }
                int count = body.get("stargazers_count").asInt();
                stars.put(e.getKey(), count);
                if (r.header("ETag") != null) {
                    states.saveEtag(spec.name(), url, r.header("ETag"), Integer.toString(count));
                }
            } else if ((r.status() == 403 || r.status() == 429) && "0".equals(r.header("X-RateLimit-Remaining"))) {
                Instant reset = resetOf(r);
                states.pauseUntil(spec.name(), reset);
                LOG.warn("source {}: GitHub's rate limit is spent; pausing until {}", spec.name(), reset);
                break;
            } else if (r.status() == 404 || r.status() == 451) {
                skipped++; // the repository is gone or blocked: nothing to refresh
            } else {
                throw new IOException(url + " answered HTTP " + r.status());
            }
        }
        int changed = papers.updateGithubStars(stars);
        return new ImportReport(0, changed, stars.size() - changed + skipped, 0, List.of());
    }

    private Instant resetOf(PoliteHttpClient.Response r) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(r.header("X-RateLimit-Reset").strip()));
        } catch (RuntimeException e) {
            return clock.instant().plusSeconds(3600); // GitHub's window is an hour
        }
    }
}
