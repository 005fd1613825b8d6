package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestSeams;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.support.FakeSmtp;
import papers.support.Fixtures;

/** Retries on temporary SMTP failures, none on permanent ones, and suspension after three refusals in a row. */
class DeliveryTest {

    @TempDir
    Path home;

    static Config.Mail smtp(int port) {
        return Config.from(Map.of("PAPERS_SMTP_HOST", "127.0.0.1", "PAPERS_SMTP_PORT", Integer.toString(port),
                "PAPERS_SMTP_SECURITY", "none")).mail();
    }

    static MimeMessage message() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("digest@papers.example.org"));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "ada@example.org");
        m.setSubject("hello");
        m.setText("body");
        return m;
    }

    @Test
    void aTemporaryFailureAfterDataIsRetriedAndTheMessageArrivesOnce() throws Exception {
        try (FakeSmtp server = new FakeSmtp(n -> "220 fake", n -> "250 ok",
                n -> n == 1 ? "451 4.3.0 try again later" : "250 queued");
             SmtpSender sender = new SmtpSender(smtp(server.port()))) {
            Delivery.Outcome outcome = new Delivery(sender, 3, Duration.ofMillis(10)).send(message());
            assertThat(outcome.sent()).isTrue();
            assertThat(server.messages.get()).isEqualTo(2);
            assertThat(server.accepted).hasSize(1);
        }
    }

    @Test
    void aBusyServerAtConnectionIsRetriedToo() throws Exception {
        try (FakeSmtp server = new FakeSmtp(n -> n == 1 ? "421 4.7.0 too busy" : "220 fake", n -> "250 ok",
                n -> "250 queued");
             SmtpSender sender = new SmtpSender(smtp(server.port()))) {
            assertThat(new Delivery(sender, 3, Duration.ofMillis(10)).send(message()).sent()).isTrue();
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(server.accepted).hasSize(1);
        }
    }

    @Test
    void aPermanentRefusalIsNotRetriedAndThreeInARowSuspendTheAddress() throws Exception {
        try (FakeSmtp server = new FakeSmtp(n -> "220 fake", n -> "550 5.1.1 no such mailbox", n -> "250 queued")) {
            try (SmtpSender sender = new SmtpSender(smtp(server.port()))) {
                Delivery.Outcome outcome = new Delivery(sender, 3, Duration.ofMillis(10)).send(message());
                assertThat(outcome.sent()).isFalse();
                assertThat(outcome.permanent()).isTrue();
                assertThat(outcome.code()).isEqualTo(550);
                assertThat(server.connections.get()).isEqualTo(1);
            }
            Config config = Config.from(Map.of("PAPERS_HOME", home.toString(), "PAPERS_SMTP_HOST", "127.0.0.1",
                    "PAPERS_SMTP_PORT", Integer.toString(server.port()), "PAPERS_SMTP_SECURITY", "none",
                    "PAPERS_DIGEST_WEEKENDS", "true"));
            Clock monday = Clock.fixed(Instant.parse("2026-08-24T07:00:00Z"), ZoneOffset.UTC);
            try (App app = App.open(config, TestSeams.at(monday))) {
                for (String f : List.of("hf-daily-papers-2026-08-21.json", "seed-papers.jsonl")) {
                    app.importer().run(ImportFormat.HF_DAILY, Fixtures.path(f).toString(), 0, ImportProgress.NONE);
                }
                long id = app.digests().subscribers().addConfirmed("gone@example.org", Frequency.DAILY, List.of()).id();
                // three days whose previous day has papers (2026-08-21, 2024-09-04, 2024-11-07)
                for (String day : List.of("2026-08-22", "2024-09-05", "2024-11-08")) {
                    DigestRun.Result r = app.digests().run().send(Frequency.DAILY, LocalDate.parse(day),
                            new Delivery(new SmtpSender(config.mail()), 1, Duration.ZERO), line -> { });
                    if (!day.equals("2026-08-22")) {
                        continue;
                    }
                    assertThat(r.line()).isEqualTo("sent: 0, skipped: 0, failed: 1");
                }
                Subscription s = app.digests().subscribers().find(id).orElseThrow();
                assertThat(s.status()).isEqualTo(Subscription.Status.SUSPENDED);
                assertThat(s.bounces()).isEqualTo(3);
                assertThat(app.digests().ledger().find(id, "daily:2026-08-22").orElseThrow().state())
                        .isEqualTo("rejected");
            }
        }
    }
}
