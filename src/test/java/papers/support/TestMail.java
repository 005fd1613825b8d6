package papers.support;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import papers.Config;

/**
 * A site that mails through a local SMTP server (GreenMail), for the tests of sign-up mail, subscriptions and
 * digests: register {@link #smtp()} with {@code @RegisterExtension} (started before each test, stopped after it) and
 * open the server with {@link #config}.
 */
public final class TestMail {

    /** The public address the emails' links point to. */
    public static final String SITE = "https://papers.example.org";

    private TestMail() {
    }

    /** GreenMail's SMTP on a free port of 127.0.0.1, a fresh one for each test. */
    public static GreenMailExtension smtp() {
        return new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    /** A fresh SQLite store under {@code home} whose site is {@link #SITE} and whose mail goes to {@code smtp}. */
    public static Config config(Path home, GreenMailExtension smtp) {
        return Config.from(env(home, smtp.getSmtp().getPort()));
    }

    /** The same settings as environment variables (for a command line), with SMTP on {@code port}. */
    public static Map<String, String> env(Path home, int port) {
        Map<String, String> env = new HashMap<>(TestStores.sqlite(home));
        env.put("PAPERS_BASE_URL", SITE);
        env.put("PAPERS_SMTP_HOST", "127.0.0.1");
        env.put("PAPERS_SMTP_PORT", Integer.toString(port));
        env.put("PAPERS_SMTP_SECURITY", "none");
        env.put("PAPERS_MAIL_FROM", "Daily Papers <digest@papers.example.org>");
        return env;
    }
}
