package papers.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import papers.App;
import papers.ingest.ImportFormat;
import papers.ingest.ImportReport;
import papers.ingest.Importer;
import papers.ingest.MalformedSourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Imports papers; importing the same data again changes nothing, and a newer arXiv version or a higher "
                    + "upvote count updates the stored paper.",
            "Ends with the line: imported: N new, N updated, N unchanged, N rejected",
            "Rejected records are logged in PAPERS_HOME/logs/import-rejected.log."},
        footer = {"", "Examples:",
            "  papers import hf-daily hf-daily-papers.jsonl",
            "  papers import hf-daily 'https://huggingface.co/api/daily_papers?date=2024-05-27'",
            "  papers import arxiv-atom 'http://export.arxiv.org/api/query?search_query=cat:cs.CL&max_results=100' --max 500",
            "  papers import oai 'https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2026-11-01'"})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FORMAT",
            description = "hf-daily (Hugging Face daily_papers JSON array or JSON Lines), arxiv-atom (arXiv API), "
                    + "oai (arXiv OAI-PMH, metadataPrefix arXiv or oai_dc)")
    String format;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "a file, a .gz file, or an http(s) URL")
    String source;

    @Option(names = "--max", paramLabel = "N",
            description = "stop following pages of a URL once N records were read (default: all)")
    long max;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        ImportFormat importFormat;
        try {
            importFormat = ImportFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (max < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max cannot be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (App app = App.open(main.config()); TerminalProgress bar = TerminalProgress.onStandardError("importing")) {
            Importer importer = app.importer();
            ImportReport report;
            try {
                report = importer.run(importFormat, source, max, bar);
            } catch (MalformedSourceException e) {
                bar.close();
                err.println("papers: " + source + " cannot be read as " + importFormat + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            bar.close();
            printRejections(err, report.firstRejections(), report.rejected(), app);
            out.println(report.summaryLine());
            out.flush();
            return 0;
        }
    }

    private static void printRejections(PrintWriter err, List<String> shown, int total, App app) {
        for (String reason : shown) {
            err.println("rejected " + reason);
        }
        if (total > 0) {
            err.println((total > shown.size() ? "... " + (total - shown.size()) + " more; " : "")
                    + "all reasons in " + app.rejectLog().file());
        }
    }
}
