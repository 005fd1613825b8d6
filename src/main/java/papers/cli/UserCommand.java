package papers.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import papers.App;
import papers.community.User;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages accounts.",
        subcommands = {UserCommand.Create.class})
final class UserCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an account; the password is read from the first line of standard input "
                    + "(so it stays out of the shell history and the process list)."},
            footer = {"", "Example:", "  printf '%s\\n' \"$PASSWORD\" | papers user create ada --email ada@example.org --admin"})
    static final class Create implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Option(names = "--email", paramLabel = "ADDRESS", required = true)
        String email;

        @Option(names = "--admin", description = "may hide papers and comments, ban users and approve claims")
        boolean admin;

        @Override
        public Integer call() throws Exception {
            Main main = (Main) parent.spec.parent().userObject();
            BufferedReader in = new BufferedReader(new InputStreamReader(main.input(), StandardCharsets.UTF_8));
            String password = in.readLine();
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            try (App app = App.open(main.config())) {
                User user = app.accounts().createUser(username, email, password, admin);
                app.accounts().audit(null, "user-create", "user:" + user.id(), admin ? "admin" : null);
                PrintWriter out = spec.commandLine().getOut();
                out.println("created " + (admin ? "admin " : "user ") + user.username() + " (id " + user.id() + ")");
                out.flush();
                return 0;
            }
        }
    }
}
