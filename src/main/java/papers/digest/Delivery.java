package papers.digest;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message with retries: a temporary failure (a 4xx reply, a refused or broken connection) is tried again
 * after a growing pause; a permanent one (a 5xx reply) is not.
 */
public final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** How a send ended. {@code code} is the SMTP reply code, or 0 when there was none (connection errors). */
    public record Outcome(boolean sent, boolean permanent, int code, String detail) {
        static final Outcome SENT = new Outcome(true, false, 250, null);
    }

    private final MailTransport transport;
    private final int attempts;
    private final Duration firstPause;

    /** @param attempts tries in all (at least 1); the pause before try n+1 is firstPause * 2^(n-1) */
    public Delivery(MailTransport transport, int attempts, Duration firstPause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.transport = transport;
        this.attempts = attempts;
        this.firstPause = firstPause;
    }

    /** Four tries over about 14 seconds: long enough for a greylisting or restarting server, short for a batch. */
    public static Delivery standard(MailTransport transport) {
        return new Delivery(transport, 4, Duration.ofSeconds(2));
    }

    public Outcome send(MimeMessage message) {
        Outcome last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                transport.send(message);
                return Outcome.SENT;
            } catch (MessagingException e) {
                last = classify(e);
                if (last.permanent()) {
                    return last;
                }
                if (attempt < attempts) {
                    Duration pause = firstPause.multipliedBy(1L << (attempt - 1));
                    LOG.info("temporary SMTP failure ({}), try {} of {} in {} ms", last.detail(), attempt + 1,
                            attempts, pause.toMillis());
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return last;
                    }
                }
            }
        }
        return last;
    }

    /** Finds the SMTP reply code anywhere in the exception's chain: 5xx is permanent, anything else temporary. */
    static Outcome classify(MessagingException e) {
        int code = 0;
        for (Throwable t = e; t != null && code == 0; t = next(t)) {
            code = switch (t) {
                case org.eclipse.angus.mail.smtp.SMTPAddressFailedException f -> f.getReturnCode();
                case org.eclipse.angus.mail.smtp.SMTPSendFailedException f -> f.getReturnCode();
                case org.eclipse.angus.mail.smtp.SMTPSenderFailedException f -> f.getReturnCode();
                default -> 0;
            };
        }
        String detail = (code == 0 ? "" : code + " ") + describe(e);
        return new Outcome(false, code >= 500 && code < 600, code, detail);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable t = e;
        while ((m == null || m.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            m = t.getMessage();
        }
        return (m == null ? e.getClass().getSimpleName() : m).strip().replaceAll("\\s+", " ");
    }
}
