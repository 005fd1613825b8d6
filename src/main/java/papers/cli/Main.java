package papers.cli;

import java.io.PrintWriter;
import java.util.Map;
import papers.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/papers}: one picocli command per verb. Errors are one line naming the problem, never a stack trace. */
@Command(name = "papers", mixinStandardHelpOptions = true, version = "Daily Papers 0.1",
        description = "Daily Papers: a self-hostable hub for the research papers that matter each day.%n"
                + "Settings come from PAPERS_HOME (default ./data), PAPERS_DB (default SQLite in PAPERS_HOME), "
                + "PAPERS_DB_USER and PAPERS_DB_PASSWORD.",
        subcommands = {ServeCommand.class, ImportCommand.class, SearchCommand.class, ReindexCommand.class,
            EmbedCommand.class, WarmupCommand.class, UserCommand.class, TokenCommand.class, DigestCommand.class,
            SubscriberCommand.class, SourcesCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final java.io.InputStream input;

    Main(Map<String, String> environment, java.io.InputStream input) {
        this.environment = environment;
        this.input = input;
    }

    /** Standard input (where {@code user create} reads the password), replaceable in tests. */
    java.io.InputStream input() {
        return input;
    }

    /** Lucene logs at INFO that it uses SIMD, on every start; kept in a field (the JDK holds loggers weakly). */
    private static final java.util.logging.Logger LUCENE_VECTORS =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The settings every command reads: from the environment this command line was started with. */
    Config config() {
        return Config.from(environment);
    }

    /** A command line reading its settings from {@code environment}; execute it to get the exit code. */
    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, System.in);
    }

    static CommandLine commandLine(Map<String, String> environment, java.io.InputStream input) {
        CommandLine cli = new CommandLine(new Main(environment, input));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("papers: " + describe(e));
            err.flush();
            return 1;
        });
        return cli;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.nio.file.NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        if (t instanceof java.nio.file.AccessDeniedException ade) {
            return "permission denied: " + ade.getFile();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
