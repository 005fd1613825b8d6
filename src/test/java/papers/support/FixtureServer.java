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

    /** One answer: status, optional Retry-After, body, other response headers. */
    public record Answer(int status, String retryAfter, byte[] body, java.util.Map<String, String> headers) {
        public Answer(int status, String retryAfter, byte[] body) {
            this(status, retryAfter, body, java.util.Map.of());
        }

        public Answer withHeader(String name, String value) {
            java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, retryAfter, body, more);
        }

        public static Answer ok(byte[] body) {
            return new Answer(200, null, body);
        }

        public static Answer busy(String retryAfter) {
            return new Answer(503, retryAfter, "busy".getBytes());
        }
    }

    private final HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<com.sun.net.httpserver.Headers> requestHeaders = Collections.synchronizedList(new ArrayList<>());

    public FixtureServer(Function<URI, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, answers));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<URI, Answer> answers) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(uri.toString());
        requestHeaders.add(exchange.getRequestHeaders());
        Answer answer = answers.apply(uri);
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = answer.status() == 304 || answer.body().length == 0;
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (noBody) {
            exchange.close();
            return;
        }
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

    /** The request headers received, in the order of {@link #requests()}. */
    public List<com.sun.net.httpserver.Headers> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
