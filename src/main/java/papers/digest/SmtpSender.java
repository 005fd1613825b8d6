package papers.digest;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import papers.Config;

/**
 * SMTP over Jakarta Mail (Angus), configured from {@link Config.Mail}: plain, STARTTLS (required, not opportunistic)
 * or TLS from the first byte, with login when a user is set. Keeps one connection open across messages (a batch of
 * thousands pays the handshake once) and opens a new one after any failure. Not for use by two threads at once.
 */
public final class SmtpSender implements MailTransport {

    private static final String TIMEOUT_MS = "30000";

    private final Config.Mail settings;
    private final Session session;
    private Transport transport;

    public SmtpSender(Config.Mail settings) {
        if (!settings.enabled()) {
            throw new IllegalStateException("no SMTP server is configured: set PAPERS_SMTP_HOST");
        }
        this.settings = settings;
        Properties p = new Properties();
        String protocol = settings.security() == Config.SmtpSecurity.TLS ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", settings.host());
        p.put(prefix + "port", Integer.toString(settings.port()));
        p.put(prefix + "connectiontimeout", TIMEOUT_MS);
        p.put(prefix + "timeout", TIMEOUT_MS);
        // No writetimeout: Angus enforces it with a timer task per write call, which made sending several times
        // slower (bench/digest); the read timeout still ends a stalled exchange.
        p.put(prefix + "auth", Boolean.toString(settings.user() != null));
        if (settings.security() == Config.SmtpSecurity.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        // TCP_NODELAY: Jakarta Mail writes a message's end (".") as a small write of its own once the body filled its
        // buffer; with Nagle on, it waited for the server's delayed ACK, 40 ms per message (bench/digest: 37/s).
        if (settings.security() == Config.SmtpSecurity.TLS) {
            p.put(prefix + "ssl.socketFactory", new NoDelaySockets.Tls(
                    (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()));
        } else {
            p.put(prefix + "socketFactory", new NoDelaySockets.Plain(javax.net.SocketFactory.getDefault()));
        }
        if (settings.security() != Config.SmtpSecurity.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public synchronized void send(MimeMessage message) throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            close();
            Transport t = session.getTransport();
            t.connect(settings.host(), settings.port(), settings.user(), settings.password());
            transport = t;
        }
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            close(); // the connection's state is unknown after a failure: start the next message afresh
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // already broken: nothing to tidy
            }
            transport = null;
        }
    }
}
