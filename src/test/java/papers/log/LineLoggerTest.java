package papers.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One line an event, plain or JSON, with the request id; a stack trace folded into its line. */
class LineLoggerTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        LogSettings.format("plain");
        MDC.clear();
    }

    private String out() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesCarryTheRequestIdAndFoldTheStackTrace() {
        Logger log = LoggerFactory.getLogger("papers.web.Something");
        MDC.put(LogSettings.REQUEST_ID, "abc123");
        log.warn("a {}\nwith two lines", "message", new IllegalStateException("broken", new RuntimeException("root")));
        String text = out();
        assertThat(text.lines()).hasSize(1);
        assertThat(text).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d WARN Something - a message\\\\nwith two "
                + "lines req=abc123 \\| java.lang.IllegalStateException: broken at papers.log.LineLoggerTest.*"
                + " caused by java.lang.RuntimeException: root at .*\\R");
    }

    @Test
    void jsonLinesAreObjects() throws Exception {
        LogSettings.format("json");
        MDC.put(LogSettings.REQUEST_ID, "r-1");
        LoggerFactory.getLogger("papers.App").info("loaded \"{}\" papers", 12);
        JsonNode line = new ObjectMapper().readTree(out());
        assertThat(out().lines()).hasSize(1);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("papers.App");
        assertThat(line.get("message").asText()).isEqualTo("loaded \"12\" papers");
        assertThat(line.get("requestId").asText()).isEqualTo("r-1");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void librariesLogWarningsOnlyAndOursFromInfo() {
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("started");
        LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").warn("no GPU");
        LoggerFactory.getLogger("papers.search.IndexFollower").debug("round");
        assertThat(out()).isEmpty();
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("trouble");
        assertThat(out()).contains("WARN Server - trouble");
    }
}
