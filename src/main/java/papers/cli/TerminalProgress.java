package papers.cli;

import java.io.PrintStream;
import papers.ingest.ImportProgress;

/**
 * A one-line progress bar on standard error for long work. It appears only on a terminal and only once the work
 * has run for a couple of seconds, so quick runs and scripts see nothing but their results.
 */
final class TerminalProgress implements ImportProgress, AutoCloseable {

    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private TerminalProgress(PrintStream out, String label, boolean enabled) {
        this.out = out;
        this.label = label;
        this.enabled = enabled;
    }

    static TerminalProgress onStandardError(String label) {
        var console = System.console();
        return new TerminalProgress(System.err, label, console != null && console.isTerminal());
    }

    @Override
    public void update(long done, long total, long records) {
        long now = System.nanoTime();
        if (!enabled || now - started < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print("\r" + render(done, total, records, (now - started) / 1e9) + "\033[K");
        out.flush();
    }

    String render(long done, long total, long records, double seconds) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%%", Math.round(fraction * 100))).append(' ');
        }
        line.append(String.format("%,d records, %.0f/s", records, seconds > 0 ? records / seconds : 0.0));
        return line.toString();
    }

    @Override
    public void close() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
            drawn = false;
        }
    }
}
