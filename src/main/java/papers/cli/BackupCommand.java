package papers.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import papers.App;
import papers.paper.Backup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copies the SQLite store to FILE, consistently, while serve keeps running (SQLite's "
                + "VACUUM INTO). To restore: stop serve, replace PAPERS_HOME/papers.db with the copy (and delete "
                + "papers.db-wal and papers.db-shm), start serve; the search index catches up by itself.",
            "PostgreSQL stores are backed up with pg_dump (see the README)."})
final class BackupCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the new backup file (must not exist)")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (App app = App.open(main.config())) {
            long papers = app.papers().count();
            long bytes;
            try {
                bytes = Backup.sqliteInto(app.database(), file);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.printf("backed up %,d papers to %s (%,d bytes)%n", papers, file.toAbsolutePath(), bytes);
            out.flush();
            return 0;
        }
    }
}
