package papers.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import papers.App;
import papers.ingest.ImportReport;
import papers.sources.SourceRunner;
import papers.sources.SourceSpec;
import papers.sources.SourceState;
import papers.sources.SourcesFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code papers sources}: the scheduled sources of PAPERS_HOME/sources.toml, their state, and running one now. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = {"Lists the sources serve follows (PAPERS_HOME/sources.toml, or Hugging Face's daily list and "
                + "arXiv enrichment when there is no file) with their state and next run."},
        subcommands = {SourcesCommand.Check.class, SourcesCommand.Run.class})
final class SourcesCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (App app = App.open(main.config())) {
            SourcesFile.Sources file = app.sourcesFile();
            out.println(file.fromFile() ? "sources of " + app.config().home().resolve("sources.toml")
                    : "no sources.toml in " + app.config().home() + ": the defaults");
            if (file.sources().isEmpty()) {
                out.println("no sources: serve follows nothing");
            }
            var statuses = app.sourceRunner().status();
            Instant now = Instant.now(); // after status(): a source that never ran is due "now" as of then
            for (SourceRunner.Status s : statuses) {
                SourceSpec spec = s.spec();
                SourceState st = s.state();
                out.printf("%-16s %-13s every %-6s %s%n", spec.name(), spec.kind().key(), every(spec.every()),
                        spec.url());
                out.printf("    last run %s, last success %s, next run %s%n", ago(st.lastRun(), now),
                        ago(st.lastSuccess(), now), s.nextRun().isAfter(now) ? "in " + span(Duration.between(now,
                                s.nextRun())) : "now (when serve runs)");
                if (st.runs() > 0) {
                    out.printf("    runs %d, last: %d new, %d updated, %d unchanged, %d rejected%s%n", st.runs(),
                            st.created(), st.updated(), st.unchanged(), st.rejected(),
                            st.watermark() == null ? "" : "; watermark " + st.watermark()
                                    + (st.cursor() == null ? "" : " (a harvest is under way)"));
                }
                if (st.lastError() != null) {
                    out.printf("    last error (%d in a row): %s%n", st.failures(), st.lastError());
                }
                if (st.pausedUntil() != null && st.pausedUntil().isAfter(now)) {
                    out.printf("    paused until %s (rate limit)%n", st.pausedUntil());
                }
            }
        }
        return 0;
    }

    static String every(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m"
                : s + "s";
    }

    static String ago(Instant at, Instant now) {
        return at == null ? "never" : span(Duration.between(at, now)) + " ago";
    }

    static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " days";
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks PAPERS_HOME/sources.toml and says what it holds; exit code 1 and the line and key "
                    + "of the first problem when it cannot be used.")
    static final class Check implements Callable<Integer> {
        @CommandLine.ParentCommand
        SourcesCommand parent;

        @Override
        public Integer call() {
            var config = parent.main.config();
            SourcesFile.Sources file = SourcesFile.load(config.home(), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            PrintWriter out = parent.spec.commandLine().getOut();
            if (!file.fromFile()) {
                out.println("no " + config.home().resolve("sources.toml") + ": serve follows the defaults");
            }
            for (SourceSpec s : file.sources()) {
                out.println(s.name() + ": " + s.kind().key() + " every " + every(s.every()) + " from " + s.url());
            }
            out.println("ok: " + file.sources().size() + " source(s)");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs one source now in the foreground (for cron and debugging), whether due or not, and "
                    + "stores its state as serve would.",
                "Ends with the line: imported: N new, N updated, N unchanged, N rejected"})
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand
        SourcesCommand parent;

        @Parameters(paramLabel = "NAME", description = "the source's name in sources.toml")
        String name;

        @Override
        public Integer call() throws Exception {
            try (App app = App.open(parent.main.config())) {
                ImportReport report = app.sourceRunner().runNow(name);
                PrintWriter err = parent.spec.commandLine().getErr();
                for (String r : report.firstRejections()) {
                    err.println("rejected " + r);
                }
                if (report.rejected() > 0) {
                    err.println("all rejections: " + app.rejectLog().file());
                }
                parent.spec.commandLine().getOut().println(report.summaryLine());
            }
            return 0;
        }
    }
}
