package papers.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** One run of the command line, in this JVM, with the environment given: its exit code and what it printed. */
record Run(int exit, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        return run(Main.commandLine(env), args);
    }

    /** With {@code stdin} as standard input (passwords are read from it). */
    static Run withInput(Map<String, String> env, String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return run(Main.commandLine(env, in), args);
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
