package dev.rosetta.batch;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Progress on the console. On a terminal: one line per finished job, and below them a status line
 * (a bar, counts and the job started last) redrawn in place with {@code \r}. Elsewhere (a CI log,
 * a pipe): one plain line per finished job and nothing redrawn.
 */
final class ConsoleProgress implements BatchListener {
    private static final int BAR = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final int total;
    private final int width;
    private final Set<String> running = new LinkedHashSet<>();
    private int done;
    private int ok;
    private int failed;
    private int drawn;

    /**
     * @param total how many jobs the batch runs
     * @param skippedAtStart inputs skipped at planning, counted as done from the start
     */
    ConsoleProgress(PrintWriter out, boolean terminal, int total, int skippedAtStart) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.done = skippedAtStart;
        int columns = 100;
        try {
            columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
        } catch (NumberFormatException e) {
            // keep 100
        }
        this.width = Math.max(40, columns - 1);
    }

    @Override
    public synchronized void started(JobSpec job) {
        running.add(job.id());
        redraw();
    }

    @Override
    public synchronized void finished(JobResult r) {
        running.remove(r.id());
        done++;
        if (r.status() == JobStatus.OK) {
            ok++;
        } else if (r.status() != JobStatus.SKIPPED) {
            failed++;
        }
        clear();
        out.println(line(r));
        redraw();
        out.flush();
    }

    @Override
    public synchronized void done() {
        clear();
        out.flush();
    }

    /** The permanent line of a finished job. */
    private String line(JobResult r) {
        String count = String.format(Locale.ROOT, "[%" + digits() + "d/%d]", done, total);
        StringBuilder sb = new StringBuilder(count).append(' ')
                .append(String.format(Locale.ROOT, "%-17s", r.status().wireName())).append(' ').append(r.id());
        if (r.status() == JobStatus.OK || r.status() == JobStatus.ACCURACY_MISMATCH) {
            sb.append(" -> ").append(r.output());
        }
        if (r.resumed()) {
            sb.append(" (resumed)");
        } else if (r.wallMs() > 0) {
            sb.append(String.format(Locale.ROOT, " (%.1f s%s)", r.wallMs() / 1000.0, r.verified() ? ", verified" : ""));
        }
        if (r.error() != null) {
            sb.append(": ").append(r.error().length() > 300 ? r.error().substring(0, 297) + "..." : r.error());
        }
        return sb.toString();
    }

    private int digits() {
        return Integer.toString(total).length();
    }

    private void redraw() {
        if (!terminal) {
            return;
        }
        int filled = total == 0 ? BAR : BAR * done / total;
        StringBuilder sb = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(BAR - filled))
                .append("] ").append(done).append('/').append(total).append("  ok ").append(ok).append("  failed ")
                .append(failed).append("  running ").append(running.size());
        if (!running.isEmpty()) {
            sb.append(": ").append(running.stream().reduce((a, b) -> b).orElse(""));
        }
        String s = sb.length() > width ? sb.substring(0, width) : sb.toString();
        out.print("\r" + s);
        drawn = s.length();
        out.flush();
    }

    private void clear() {
        if (terminal && drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }
}
