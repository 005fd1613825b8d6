package papers.digest;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Double opt-in: a subscription starts pending and only a confirmation link (signed, expiring) activates it; until
 * then nothing but the confirmation is sent. Asking again for an active address sends its owner the preferences link
 * instead, so the form never tells anyone whether an address is subscribed.
 */
public final class SubscribeFlow {

    /** Thrown when this server has no SMTP settings: subscribing cannot work. */
    public static final class MailUnavailable extends RuntimeException {
        MailUnavailable() {
            super("This server does not send email (no SMTP server is configured).");
        }
    }

    /** Thrown when the confirmation could not be handed to the mail server. */
    public static final class NotSent extends RuntimeException {
        NotSent(String detail) {
            super("The confirmation email could not be sent (" + detail + "); try again later.");
        }
    }

    private final SubscriberStore subscribers;
    private final DigestMail mail;
    private final Supplier<MailTransport> transports;

    /** @param transports makes a transport per message, or null when no SMTP server is configured */
    public SubscribeFlow(SubscriberStore subscribers, DigestMail mail, Supplier<MailTransport> transports) {
        this.subscribers = subscribers;
        this.mail = mail;
        this.transports = transports;
    }

    /** Whether this server can send email at all (an SMTP server is configured). */
    public boolean sendsMail() {
        return transports != null;
    }

    /**
     * Starts a subscription (or finds the existing one) and mails the confirmation, or for an active address its
     * preferences link.
     *
     * @throws IllegalArgumentException for an address that is not one
     */
    public void subscribe(String email, Frequency frequency, Long userId) {
        if (transports == null) {
            throw new MailUnavailable();
        }
        String address = SubscriberStore.checkedAddress(email);
        Subscription s = subscribers.subscribe(address, frequency, userId);
        var message = s.active() ? mail.alreadySubscribed(s) : mail.confirmation(s);
        try (MailTransport transport = transports.get()) {
            Delivery.Outcome outcome = new Delivery(transport, 2, Duration.ofMillis(500)).send(message);
            if (!outcome.sent()) {
                throw new NotSent(outcome.detail());
            }
        }
    }
}
