package papers.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import papers.App;
import papers.community.User;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manages personal API tokens.",
        subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an API token for a user (send it as 'Authorization: Bearer TOKEN'). "
                    + "The token is the last line of standard output; it is stored only hashed and cannot be shown "
                    + "again."})
    static final class Create implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        TokenCommand parent;

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Option(names = "--name", paramLabel = "NAME", description = "a label to recognise it by (default: cli)")
        String name = "cli";

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            try (App app = App.open(main.config())) {
                User user = app.accounts().findUser(username)
                        .orElseThrow(() -> new IllegalArgumentException("no user called '" + username + "'"));
                String token = app.accounts().createToken(user.id(), name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("created token '" + name + "' for " + user.username() + ":");
                out.println(token);
                out.flush();
                return 0;
            }
        }
    }
}
