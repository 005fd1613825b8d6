package papers.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import papers.App;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Computes the embedding of every paper that has none, stores it with the paper and adds it "
                + "to the search index; exits when all are done (for scripts and cron; serve does this in the "
                + "background)."})
final class EmbedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Alone on the machine, no reader to yield to: the model spreads its work over every core.
        papers.Seams seams = papers.Seams.production().withModel(papers.search.Embedder::open);
        try (App app = App.open(main.config(), seams);
             TerminalProgress bar = TerminalProgress.onStandardError("embedding")) {
            long started = System.nanoTime();
            long n = app.searchParts().embeddingWorker().embedMissing((done, total) -> bar.update(done, total, done));
            bar.close();
            double seconds = (System.nanoTime() - started) / 1e9;
            // Vectors go into the index too, unless it was never built (then reindex or serve builds it whole).
            try {
                var follower = app.searchParts().indexFollower();
                if (!follower.rebuildIfEmpty(papers.search.Progress.NONE)) {
                    follower.catchUp();
                }
            } catch (papers.search.SearchIndex.IndexInUseException e) {
                out.println("the running server adds the new vectors to its index within a minute");
            }
            out.printf("embedded %,d papers in %.1f s (%.0f papers/s); %,d have embeddings%n", n, seconds,
                    seconds > 0 ? n / seconds : 0.0, app.embeddings().count());
            out.flush();
            return 0;
        }
    }
}
