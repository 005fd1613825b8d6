package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.Config;
import papers.digest.DigestLedger;
import papers.support.Fixtures;
import papers.support.TestMail;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;

/**
 * {@code subscriber add/list}, {@code digest preview} and {@code digest send} against GreenMail, including a real child
 * process killed in the middle of a batch: started again, the batch sends the rest, and the message whose acceptance
 * was unknown at the kill is reported and not resent, so every subscriber has exactly one.
 */
class DigestCliTest {

    static final int SUBSCRIBERS = 8;
    /** The child is killed while waiting for the server's answer to this message (the server has it). */
    static final int KILLED_AT = 3;

    @TempDir
    Path home;

    @RegisterExtension
    final GreenMailExtension smtp = TestMail.smtp();

    Map<String, String> env(int smtpPort) {
        return TestMail.env(home, smtpPort);
    }

    Run run(Map<String, String> env, String... args) {
        return Run.of(env, args);
    }

    void loadPapers(Map<String, String> env) throws Exception {
        try (App app = App.open(Config.from(env))) {
            app.importer().run(ImportFormat.HF_DAILY, Fixtures.path("hf-daily-papers-2026-08-21.json").toString(), 0,
                    ImportProgress.NONE);
            app.searchParts().indexFollower().rebuildIfEmpty(papers.search.Progress.NONE);
        }
    }

    @Test
    void subscribersAreAddedListedPreviewedAndABadPeriodIsNamed() throws Exception {
        Map<String, String> env = env(smtp.getSmtp().getPort());
        loadPapers(env);
        Run added = run(env, "subscriber", "add", "ada@example.org", "--frequency", "weekly", "--topic", "agents",
                "--topic", "\"terminal tasks\"");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("subscribed ada@example.org (weekly, 2 topics");
        Run list = run(env, "subscriber", "list");
        assertThat(list.out()).contains("ada@example.org").contains("weekly").contains("active")
                .contains("agents | \"terminal tasks\"").contains("1 subscriber");
        Run preview = run(env, "digest", "preview", "--email", "ada@example.org", "--date", "2026-08-24");
        assertThat(preview.exit()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("FOR YOU").contains("Matches your topic “agents”").contains("TRENDING");
        assertThat(smtp.getReceivedMessages()).isEmpty();

        Run dry = run(env, "digest", "send", "--period", "weekly", "--date", "2026-08-24", "--dry-run");
        assertThat(dry.out()).contains("would send to ada@example.org").endsWith("sent: 0, skipped: 0, failed: 0\n");
        assertThat(smtp.getReceivedMessages()).isEmpty();

        Run bad = run(env, "digest", "send", "--period", "hourly");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--period: frequency must be daily or weekly, got 'hourly'");
        Run badDate = run(env, "digest", "send", "--period", "daily", "--date", "24/08/2026");
        assertThat(badDate.err()).contains("--date must be a day like");
        Run badAddress = run(env, "subscriber", "add", "nobody", "--frequency", "daily");
        assertThat(badAddress.exit()).isEqualTo(2);
        assertThat(badAddress.err()).contains("'nobody' is not an email address");
    }

    @Test
    void aBatchKilledMidwaySendsTheRestOnRestartAndNeverResendsTheOneInDoubt() throws Exception {
        Map<String, String> direct = env(smtp.getSmtp().getPort());
        loadPapers(direct);
        for (int i = 1; i <= SUBSCRIBERS; i++) {
            assertThat(run(direct, "subscriber", "add", "reader" + i + "@example.org", "--frequency", "daily").exit())
                    .isZero();
        }
        try (HoldingProxy proxy = new HoldingProxy(smtp.getSmtp().getPort(), KILLED_AT)) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "papers.cli.Main", "digest", "send", "--period", "daily", "--date", "2026-08-24"));
            ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("child.log").toFile());
            child.environment().putAll(env(proxy.port()));
            Process process = child.start();
            try {
                // the server has the KILLED_AT-th message, its answer is held back: the child waits for it
                assertThat(smtp.waitForIncomingEmail(60_000, KILLED_AT)).as("child log: %s",
                        Files.exists(home.resolve("child.log")) ? Files.readString(home.resolve("child.log")) : "")
                        .isTrue();
                Thread.sleep(200);
                assertThat(process.isAlive()).isTrue();
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(smtp.getReceivedMessages()).hasSize(KILLED_AT);

        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8)); // slf4j-simple's log
        Run restart;
        try {
            restart = run(direct, "digest", "send", "--period", "daily", "--date", "2026-08-24");
        } finally {
            System.setErr(stderr);
        }
        assertThat(restart.exit()).as(restart.err()).isZero();
        assertThat(restart.out()).contains("unknown (not resent): subscriber 3 for daily:2026-08-24 <reader3@example.org>")
                .endsWith("sent: " + (SUBSCRIBERS - KILLED_AT) + ", skipped: " + KILLED_AT + ", failed: 0\n");
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("WARN DigestRun - unknown: subscriber 3 for daily:2026-08-24");

        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            received.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
        }
        assertThat(received).hasSize(SUBSCRIBERS).allSatisfy((address, count) -> assertThat(count).isEqualTo(1));

        Run again = run(direct, "digest", "send", "--period", "daily", "--date", "2026-08-24");
        assertThat(again.out()).endsWith("sent: 0, skipped: " + SUBSCRIBERS + ", failed: 0\n");
        assertThat(smtp.getReceivedMessages()).hasSize(SUBSCRIBERS);
        try (App app = App.open(Config.from(direct))) {
            assertThat(app.digests().ledger().entries("daily:2026-08-24")).extracting(DigestLedger.Entry::state)
                    .containsExactly("sent", "sent", "unknown", "sent", "sent", "sent", "sent", "sent");
        }
    }

    /**
     * A TCP proxy to the SMTP server that, once the client has sent the end of its {@code holdAt}-th message, stops
     * passing the server's answers back: the server has taken the message, the client cannot know.
     */
    static final class HoldingProxy implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger messageEnds = new AtomicInteger();
        private final AtomicBoolean holding = new AtomicBoolean();
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        HoldingProxy(int target, int holdAt) throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(server);
                        pump(client.getInputStream(), server.getOutputStream(), holdAt, true);
                        pump(server.getInputStream(), client.getOutputStream(), holdAt, false);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "holding-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void pump(InputStream in, OutputStream out, int holdAt, boolean fromClient) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                int tail = 0; // how much of "\r\n.\r\n" the stream ended with so far
                byte[] end = {'\r', '\n', '.', '\r', '\n'};
                try {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (fromClient) {
                            for (int i = 0; i < n; i++) {
                                tail = buffer[i] == end[tail] ? tail + 1 : (buffer[i] == '\r' ? 1 : 0);
                                if (tail == end.length) {
                                    tail = 0;
                                    if (messageEnds.incrementAndGet() == holdAt) {
                                        holding.set(true);
                                    }
                                }
                            }
                        }
                        if (fromClient || !holding.get()) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // a side closed
                }
            }, "holding-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
