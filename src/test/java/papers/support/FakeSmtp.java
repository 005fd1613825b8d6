package papers.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A tiny scripted SMTP server for failure cases GreenMail does not make: each connection is greeted with
 * {@code greeting.apply(n)} (n = connections so far, from 1), each RCPT answered with {@code rcpt.apply(n)} and each
 * message's end of DATA with {@code data.apply(n)} (n = messages so far). A reply starting with 4 or 5 on the
 * greeting closes the connection.
 */
public final class FakeSmtp implements AutoCloseable {

    private final ServerSocket socket;
    private final IntFunction<String> greeting;
    private final IntFunction<String> rcpt;
    private final IntFunction<String> data;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger messages = new AtomicInteger();
    /** The messages whose end of DATA was answered 250. */
    public final List<String> accepted = new CopyOnWriteArrayList<>();

    public FakeSmtp(IntFunction<String> greeting, IntFunction<String> rcpt, IntFunction<String> data)
            throws IOException {
        this.greeting = greeting;
        this.rcpt = rcpt;
        this.data = data;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "fake-smtp");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "fake-smtp-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = s.getOutputStream()) {
            String hello = greeting.apply(connections.incrementAndGet());
            reply(out, hello);
            if (!hello.startsWith("2")) {
                return;
            }
            String line;
            int rcpts = 0;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 fake");
                    case "MAIL", "RSET", "NOOP" -> reply(out, "250 ok");
                    case "RCPT" -> reply(out, rcpt.apply(++rcpts));
                    case "DATA" -> {
                        reply(out, "354 go on");
                        StringBuilder message = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            message.append(line).append('\n');
                        }
                        String answer = data.apply(messages.incrementAndGet());
                        if (answer.startsWith("250")) {
                            accepted.add(message.toString());
                        }
                        reply(out, answer);
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not here");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
