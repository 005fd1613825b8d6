package papers.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import papers.App;
import papers.digest.Frequency;
import papers.digest.Subscription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "subscriber", mixinStandardHelpOptions = true, description = "Manages digest subscribers.",
        subcommands = {SubscriberCommand.Add.class, SubscriberCommand.ListAll.class, SubscriberCommand.Remove.class})
final class SubscriberCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an already confirmed subscriber (for moving an existing list), or updates one.",
            footer = {"", "Example:", "  papers subscriber add ada@example.org --frequency weekly "
                    + "--topic 'diffusion models' --topic 'author:\"Tri Dao\"'"})
    static final class Add implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        SubscriberCommand parent;

        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Option(names = "--frequency", required = true, paramLabel = "daily|weekly")
        String frequency;

        @Option(names = "--topic", paramLabel = "QUERY", description = "a saved search (repeatable)")
        List<String> topics = new ArrayList<>();

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            Frequency f = DigestCommand.frequency(spec, frequency);
            try (App app = App.open(main.config())) {
                Subscription s;
                try {
                    s = app.digests().subscribers().addConfirmed(address, f, topics);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println("subscribed " + s.email() + " (" + s.frequency().key() + ", " + s.topics().size()
                        + (s.topics().size() == 1 ? " topic" : " topics") + ", id " + s.id() + ")");
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every subscriber.")
    static final class ListAll implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        SubscriberCommand parent;

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            PrintWriter out = spec.commandLine().getOut();
            try (App app = App.open(main.config())) {
                List<Subscription> all = app.digests().subscribers().list();
                for (Subscription s : all) {
                    out.printf("%-6d %-40s %-7s %-12s %s%s%n", s.id(), s.email(), s.frequency().key(),
                            s.status().name().toLowerCase(java.util.Locale.ROOT),
                            s.userId() == null ? "" : "account " + s.userId() + " ",
                            String.join(" | ", s.topics()));
                }
                out.println(all.size() + (all.size() == 1 ? " subscriber" : " subscribers"));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Unsubscribes an address and deletes its topics (for mailto unsubscribe requests).")
    static final class Remove implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        SubscriberCommand parent;

        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() {
            Main main = (Main) parent.spec.parent().userObject();
            try (App app = App.open(main.config())) {
                Subscription s = app.digests().subscribers().findByEmail(address)
                        .orElseThrow(() -> new IllegalArgumentException("no subscriber " + address));
                app.digests().subscribers().unsubscribe(s.id());
                PrintWriter out = spec.commandLine().getOut();
                out.println("unsubscribed " + s.email());
                out.flush();
                return 0;
            }
        }
    }
}
