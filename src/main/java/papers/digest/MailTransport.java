package papers.digest;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Hands messages to a mail server, one attempt each; {@link Delivery} classifies failures and retries. */
public interface MailTransport extends AutoCloseable {

    /** Sends once; returns when the server accepted the message, throws when it did not (or the link broke). */
    void send(MimeMessage message) throws MessagingException;

    @Override
    void close();
}
