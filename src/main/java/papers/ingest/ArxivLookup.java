package papers.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import papers.paper.Paper;

/**
 * Fetches one paper's metadata from the arXiv API ({@code ?id_list=ID}), for user submissions. The answer is the
 * usual Atom feed, read by {@link ArxivAtomReader}; only the entry with the asked id counts.
 */
public final class ArxivLookup {

    private final URI api;
    private final PoliteHttpClient http;

    /** @param apiUrl the query endpoint, https://export.arxiv.org/api/query in production */
    public ArxivLookup(String apiUrl, PoliteHttpClient http) {
        this.api = URI.create(apiUrl);
        this.http = http;
    }

    /**
     * The paper with this versionless id, or empty when arXiv has none.
     *
     * @throws IOException              when arXiv cannot be reached or answers with an HTTP error
     * @throws MalformedSourceException when its answer is not a readable feed, or arXiv's own error feed
     */
    public Optional<Paper> find(String id) throws IOException, MalformedSourceException {
        Map<String, String> query = new LinkedHashMap<>(Importer.queryParameters(api));
        query.put("id_list", id);
        List<Paper> found = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        try (InputStream in = http.get(Importer.withQuery(api, query))) {
            ArxivAtomReader.read(in, new RecordSink() {
                @Override
                public void accept(Paper paper) {
                    if (paper.id().equals(id)) {
                        found.add(paper);
                    }
                }

                @Override
                public void reject(String where, String reason) {
                    if (where.contains("(" + id + ")") || where.contains("(" + id + "v")) {
                        rejected.add(reason);
                    }
                }
            });
        }
        if (found.isEmpty() && !rejected.isEmpty()) {
            throw new MalformedSourceException("arXiv's record of " + id + " is unusable: " + rejected.getFirst());
        }
        return found.stream().findFirst();
    }
}
