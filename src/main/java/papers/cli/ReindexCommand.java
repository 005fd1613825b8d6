package papers.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import papers.App;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = {"Rebuilds the search index (words and vectors) from the store, in PAPERS_HOME/index. "
                + "Stored embeddings are reused, never recomputed; papers without one are indexed without a vector "
                + "(see `papers embed`)."})
final class ReindexCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (App app = App.open(main.config()); TerminalProgress bar = TerminalProgress.onStandardError("indexing")) {
            long started = System.nanoTime();
            long n = app.searchParts().indexFollower().rebuild((done, total) -> bar.update(done, total, done));
            bar.close();
            long vectors = app.searchParts().index().vectorCount();
            out.printf("indexed %,d papers (%,d with vectors) in %.1f s%n", n, vectors,
                    (System.nanoTime() - started) / 1e9);
            out.flush();
            return 0;
        }
    }
}
