package papers.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Appends the reason for every rejected record to a log file, one line each, so nothing is dropped silently. */
public final class RejectLog implements AutoCloseable {

    private final Path file;
    private BufferedWriter out;

    public RejectLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void write(String source, String where, String reason) {
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\t" + source + "\t" + where + "\t"
                    + reason.replace('\n', ' ') + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject log " + file, e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reject log " + file, e);
            }
        }
    }
}
