package papers.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A minimal browser for HTTP tests: keeps cookies by hand (so tests can read, replay or drop them), posts forms. */
public final class WebClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TestServer server;
    public final Map<String, String> cookies = new LinkedHashMap<>();

    public WebClient(TestServer server) {
        this.server = server;
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(request(path, headers).GET());
    }

    /** A GET whose body is kept as bytes (for compressed answers). */
    public HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        return HTTP.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form POST of an already encoded body (for repeated fields like paper=1&paper=2). */
    public HttpResponse<String> postEncoded(String path, String body, String... headers) throws Exception {
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart/form-data POST: text fields, and one file field {@code fileField} named {@code fileName}. */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField,
                                              String fileName, byte[] file) throws Exception {
        String boundary = "----papers" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                    + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A JSON POST with this client's cookies (add the X-CSRF-Token or Authorization header as the test needs). */
    public HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** The CSRF token of the first form on the page at {@code path}. */
    public String csrf(String path) throws Exception {
        return csrfIn(get(path).body());
    }

    /** {@code link} with one character of its {@code token=} value changed: a forged link. */
    public static String tampered(String link) {
        int at = link.indexOf("token=") + "token=".length() + 10;
        if (at < 16 || at >= link.length()) {
            throw new IllegalArgumentException("no token long enough to tamper with in " + link);
        }
        char c = link.charAt(at);
        return link.substring(0, at) + (c == 'A' ? 'B' : 'A') + link.substring(at + 1);
    }

    public static String csrfIn(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no csrf field in the page: " + html);
        }
        return m.group(1);
    }

    /** Signs up through the form; the client is then logged in. */
    public HttpResponse<String> signup(String username, String password) throws Exception {
        return post("/signup", Map.of("csrf", csrf("/signup"), "username", username,
                "email", username + "@example.org", "password", password));
    }

    public HttpResponse<String> login(String username, String password) throws Exception {
        return post("/login", Map.of("csrf", csrf("/login"), "username", username, "password", password));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : setCookies(response)) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    public static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }
}
