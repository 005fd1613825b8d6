package papers.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** A local HTTP server for importer tests: answers each request with whatever the test's function says. */
public final class FixtureServer implements AutoCloseable {

    /** One answer: status, optional Retry-After, body. */
    public record Answer(int status, String retryAfter, byte[] body) {
        public static Answer ok(byte[] body) {
            return new Answer(200, null, body);
        }

        public static Answer busy(String retryAfter) {
            return new Answer(503, retryAfter, "busy".getBytes());
        }
    }

    private final HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public FixtureServer(Function<URI, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, answers));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<URI, Answer> answers) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(uri.toString());
        Answer answer = answers.apply(uri);
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** The request URIs (path and query) received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
