package papers.digest;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Proof that an account's owner reads its address: with SMTP configured, an address is used for digests (linking a
 * subscription to the account) or authorship claims only after the link mailed to it was opened. Without SMTP
 * nothing can be mailed, so nothing is {@link #required()}.
 */
public final class AddressVerification {

    private final DigestMail mail;
    private final Supplier<MailTransport> transports;

    /** @param transports makes a transport per message, or null when no SMTP server is configured */
    public AddressVerification(DigestMail mail, Supplier<MailTransport> transports) {
        this.mail = mail;
        this.transports = transports;
    }

    /** Whether addresses must be verified before use (an SMTP server is configured). */
    public boolean required() {
        return transports != null;
    }

    /** Mails the verification link; false when the mail server did not take it (the user may ask again). */
    public boolean send(String address, String username, long userId) {
        if (transports == null) {
            return false;
        }
        try (MailTransport transport = transports.get()) {
            return new Delivery(transport, 2, Duration.ofMillis(500))
                    .send(mail.verification(address, username, userId)).sent();
        }
    }

    /** The account a verification link names, when valid and unexpired. */
    public OptionalLong verified(String token) {
        return mail.links().verified(token);
    }
}
