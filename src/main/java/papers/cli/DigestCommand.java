package papers.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import papers.App;
import papers.digest.Digest;
import papers.digest.DigestComposer;
import papers.digest.DigestPeriod;
import papers.digest.DigestRun;
import papers.digest.Frequency;
import papers.digest.Subscription;
import papers.search.IndexFollower;
import papers.search.Progress;
import papers.search.SearchIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "digest", mixinStandardHelpOptions = true, description = "Sends and previews email digests.",
        subcommands = {DigestCommand.Send.class, DigestCommand.Preview.class})
final class DigestCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the search index for saved searches: for writing on its own, read-only beside a running server. */
    static void openSearch(App app) {
        try {
            IndexFollower follower = app.searchParts().indexFollower();
            if (!follower.rebuildIfEmpty(Progress.NONE)) {
                follower.catchUp();
            }
        } catch (SearchIndex.IndexInUseException e) {
            app.searchParts().useIndexReadOnly(); // serve holds the index and keeps it current
        }
    }

    static LocalDate date(CommandLine.Model.CommandSpec spec, String text, App app) {
        if (text == null) {
            return LocalDate.now(app.config().mail().digestZone());
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--date must be a day like 2026-08-24, got '" + text + "'");
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Sends the digest of a period to every confirmed subscriber of that frequency, each at "
                    + "most once (a second run sends nothing). Ends with 'sent: N, skipped: N, failed: N'."},
            footer = {"", "Example (crontab, 07:00 on weekdays and Mondays):",
                "  0 7 * * 1-5  cd /srv/papers && bin/papers digest send --period daily",
                "  0 7 * * 1    cd /srv/papers && bin/papers digest send --period weekly"})
    static final class Send implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        DigestCommand parent;

        @Option(names = "--period", required = true, paramLabel = "daily|weekly",
                description = "daily (covers the days since the previous weekday) or weekly (the week before)")
        String period;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day it is sent on (default: today)")
        String date;

        @Option(names = "--dry-run", description = "compose and report, send nothing, record nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            Frequency frequency = frequency(spec, period);
            PrintWriter out = spec.commandLine().getOut();
            try (App app = App.open(main.config())) {
                LocalDate day = date(spec, date, app);
                openSearch(app);
                DigestRun.Result result = dryRun
                        ? app.digests().run().send(frequency, day, null, line -> out.println(line))
                        : app.digests().send(frequency, day, line -> out.println(line));
                if (result.note() != null) {
                    out.println(result.note());
                }
                out.println(result.line());
                out.flush();
                return result.failed() > 0 ? 2 : 0;
            }
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Prints the digest an address would get (plain text), without sending or recording it.")
    static final class Preview implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        DigestCommand parent;

        @Option(names = "--email", required = true, paramLabel = "ADDRESS")
        String email;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day it is sent on (default: today)")
        String date;

        @Option(names = "--period", paramLabel = "daily|weekly", description = "default: the subscriber's")
        String period;

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            PrintWriter out = spec.commandLine().getOut();
            try (App app = App.open(main.config())) {
                Subscription reader = app.digests().subscribers().findByEmail(email).orElseThrow(() ->
                        new IllegalArgumentException("no subscriber " + email + " (see: papers subscriber list)"));
                Frequency frequency = period == null ? reader.frequency() : frequency(spec, period);
                LocalDate day = date(spec, date, app);
                openSearch(app);
                DigestComposer composer = app.digests().composer();
                DigestPeriod p = DigestPeriod.of(frequency, day, app.config().mail().digestWeekends());
                Digest digest = composer.compose(composer.edition(p), reader);
                if (digest.isEmpty()) {
                    out.println("nothing new from " + p.first() + " to " + p.last() + ": no digest would be sent");
                } else {
                    out.print(app.digests().mail().text(digest));
                }
                out.flush();
                return 0;
            }
        }
    }

    static Frequency frequency(CommandLine.Model.CommandSpec spec, String text) {
        try {
            return Frequency.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--period: " + e.getMessage());
        }
    }
}
