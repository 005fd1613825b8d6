package papers.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import papers.App;
import papers.search.IndexFollower;
import papers.search.Progress;
import papers.search.SearchFilters;
import papers.search.SearchHit;
import papers.search.SearchIndex;
import papers.search.SearchResults;
import papers.search.SearchSort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Searches the papers: words, \"phrases\", author:name, org:name, -excluded, or an arXiv id "
                + "or URL. Prints one paper a line: id, day, upvotes, title."},
        footer = {"", "Examples:",
            "  papers search \"dropping attention layers from a large language model\"",
            "  papers search 'author:\"Yann LeCun\"' --sort date",
            "  papers search diffusion --org google --from 2024-01-01 --min-upvotes 20"})
final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUERY", description = "what to look for")
    String query;

    @Option(names = "--from", paramLabel = "DAY", description = "listed on or after this day (YYYY-MM-DD)")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "listed on or before this day (YYYY-MM-DD)")
    String to;

    @Option(names = "--org", paramLabel = "NAME", description = "only papers of this organization (its short name)")
    String org;

    @Option(names = "--min-upvotes", paramLabel = "N", description = "only papers with at least N upvotes")
    int minUpvotes;

    @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "relevance",
            description = "relevance, date or upvotes (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N papers, 1-120 "
            + "(default: ${DEFAULT-VALUE})")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        SearchFilters filters;
        SearchSort order;
        try {
            filters = new SearchFilters(day(from, "--from"), day(to, "--to"), org, minUpvotes);
            order = SearchSort.parse(sort);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (App app = App.open(main.config())) {
            try {
                IndexFollower follower = app.searchParts().indexFollower();
                // On its own, the command brings the index up to date first (or builds it once).
                if (!follower.rebuildIfEmpty(Progress.NONE)) {
                    follower.catchUp();
                }
            } catch (SearchIndex.IndexInUseException e) {
                try {
                    app.searchParts().useIndexReadOnly(); // serve holds the index and keeps it current
                } catch (IllegalStateException missing) {
                    // Its folder was deleted: serve rebuilds it; a second index built here would be a second writer.
                    spec.commandLine().getErr().println("papers serve holds the search index in "
                            + app.config().home().resolve("index") + " but its files are missing; the server is "
                            + "rebuilding it from the store: search again in a moment");
                    return 1;
                }
            }
            SearchResults results;
            try {
                results = app.searchParts().service().search(query, filters, order, 1, limit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            for (SearchHit h : results.hits()) {
                out.printf("%-16s %-10s %5d  %s%n", h.id(), h.day() == null ? "" : h.day(), h.upvotes(), h.title());
            }
            if (results.hits().isEmpty()) {
                out.println("no papers match; try fewer or other words, or drop the filters");
            }
            out.flush();
            return 0;
        }
    }

    private static LocalDate day(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a day like 2024-05-27, got '" + text + "'");
        }
    }
}
