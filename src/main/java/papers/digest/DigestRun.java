package papers.digest;

import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch: the digest of a frequency for a date, to every active subscriber of that frequency, each at most once
 * (see {@link DigestLedger}). Per subscriber: compose; nothing new, no mail; claim the ledger row (committed); send
 * with retries; mark the row. A row another run claimed and never marked is reported as unknown and not resent.
 */
public final class DigestRun {

    private static final Logger LOG = LoggerFactory.getLogger(DigestRun.class);

    /** What a batch did; {@code unknown} names the (subscriber, period) rows found claimed and unmarked. */
    public record Result(int sent, int skipped, int failed, List<String> unknown, String note) {
        /** The line {@code digest send} ends with. */
        public String line() {
            return "sent: " + sent + ", skipped: " + skipped + ", failed: " + failed;
        }
    }

    private final SubscriberStore subscribers;
    private final DigestLedger ledger;
    private final DigestComposer composer;
    private final DigestMail mail;
    private final boolean weekends;

    public DigestRun(SubscriberStore subscribers, DigestLedger ledger, DigestComposer composer, DigestMail mail,
                     boolean weekends) {
        this.subscribers = subscribers;
        this.ledger = ledger;
        this.composer = composer;
        this.mail = mail;
        this.weekends = weekends;
    }

    /**
     * Sends the batch through {@code delivery}; with {@code delivery} null, a dry run: composes and reports, claims
     * and sends nothing. {@code progress} hears one line per subscriber that was not simply sent.
     */
    public Result send(Frequency frequency, LocalDate date, Delivery delivery, Consumer<String> progress) {
        if (frequency == Frequency.DAILY && !DigestPeriod.sendsOn(frequency, date, weekends)) {
            return new Result(0, 0, 0, List.of(), "no daily digest on " + date.getDayOfWeek().toString()
                    .toLowerCase(java.util.Locale.ROOT) + "s (set PAPERS_DIGEST_WEEKENDS=true to send them)");
        }
        DigestPeriod period = DigestPeriod.of(frequency, date, weekends);
        DigestComposer.Edition edition = composer.edition(period);
        List<Subscription> readers = subscribers.active(frequency);
        if (!edition.hasNews()) {
            return new Result(0, readers.size(), 0, List.of(),
                    "nothing new from " + period.first() + " to " + period.last() + ": no digest");
        }
        String runId = UUID.randomUUID().toString();
        int sent = 0;
        int skipped = 0;
        int failed = 0;
        int wouldSend = 0;
        List<String> unknown = new ArrayList<>();
        for (Subscription reader : readers) {
            Digest digest = composer.compose(edition, reader);
            if (digest.isEmpty()) {
                skipped++;
                continue;
            }
            if (delivery == null) {
                wouldSend++;
                progress.accept("would send to " + reader.email() + ": " + digest.forYou().size() + " for you, "
                        + digest.trending().size() + " trending");
                continue;
            }
            String messageId = mail.messageId(reader.id(), period);
            switch (ledger.claim(reader.id(), period.key(), runId, messageId)) {
                case DONE, INACTIVE -> skipped++;
                case IN_DOUBT -> {
                    String what = "subscriber " + reader.id() + " for " + period.key();
                    LOG.warn("unknown: {} was claimed by an earlier run that never recorded the outcome (stopped "
                            + "while sending?); whether it arrived is unknown, so it is not resent", what);
                    ledger.markUnknown(reader.id(), period.key(), "found unmarked by run " + runId);
                    unknown.add(what);
                    progress.accept("unknown (not resent): " + what + " <" + reader.email() + ">");
                    skipped++;
                }
                case CLAIMED -> {
                    if (deliver(delivery, reader, period, mail.digest(digest), progress)) {
                        sent++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        String note = delivery == null ? "dry run: would send " + wouldSend + ", nothing sent" : null;
        return new Result(sent, skipped, failed, List.copyOf(unknown), note);
    }

    private boolean deliver(Delivery delivery, Subscription reader, DigestPeriod period, MimeMessage message,
                            Consumer<String> progress) {
        Delivery.Outcome outcome = delivery.send(message);
        if (outcome.sent()) {
            ledger.markSent(reader.id(), period.key());
            if (reader.bounces() > 0) {
                subscribers.recordDelivered(reader.id());
            }
            return true;
        }
        if (outcome.permanent()) {
            ledger.markRejected(reader.id(), period.key(), outcome.detail());
            Subscription.Status status = subscribers.recordPermanentFailure(reader.id(), outcome.detail());
            progress.accept("refused: " + reader.email() + ": " + outcome.detail()
                    + (status == Subscription.Status.SUSPENDED ? " (suspended after "
                    + SubscriberStore.SUSPEND_AFTER + " refusals in a row)" : ""));
        } else {
            ledger.markFailed(reader.id(), period.key(), outcome.detail());
            progress.accept("failed (a later run retries): " + reader.email() + ": " + outcome.detail());
        }
        return false;
    }
}
