package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, failure 1: SIGTERM to a real {@code papers serve} child, at moments when the embedding model is being
 * loaded or used (right after it listens the demo import, the index build and the model load run in the
 * background). onnxruntime's own shutdown hook used to free its environment while our embedding thread was inside
 * {@code createSession}: a SIGSEGV and an {@code hs_err_pid*.log}. Now the stop is ordered and exits 0.
 */
class ServeShutdownTest {

    private static final Pattern LISTENING = Pattern.compile("at http://[^:]+:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIGTERM {0} ms after it listens")
    @ValueSource(ints = {0, 1500, 3000})
    void sigtermStopsInOrderWithoutACrash(int delayMillis) throws Exception {
        Path home = dir.resolve("home");
        Path log = dir.resolve("serve.log");
        ProcessBuilder child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                "papers.cli.Main", "serve", "--host", "127.0.0.1", "--port", "0"))
                .directory(dir.toFile()) // where the JVM would write hs_err_pid*.log
                .redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().put("PAPERS_HOME", home.toString());
        Process process = child.start();
        try {
            int port = awaitPort(process, log);
            Thread.sleep(delayMillis);
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped; log: %s", read(log)).isTrue();
            assertThat(process.exitValue()).as("exit code; log: %s", read(log)).isZero();
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
        assertThat(read(log)).doesNotContain("SIGSEGV").doesNotContain("ERROR").doesNotContain("Exception");
    }

    private static int awaitPort(Process process, Path log) throws Exception {
        for (int i = 0; i < 600 && process.isAlive(); i++) {
            Matcher m = LISTENING.matcher(read(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start listening; log: " + read(log));
    }

    private static String read(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
