package org.cytoarrow.batch;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports batch progress: a live bar (counts, events/s, ETA) on a terminal, one log line per sample otherwise
 * (CI logs, redirected output). The ETA goes by the bytes of input left, not the samples: the runner starts the
 * largest files first, so a count of samples would overestimate at the start. Called from one thread (the runner's
 * collector).
 */
abstract class Progress implements AutoCloseable {
    protected final int total;
    protected final long totalBytes;
    protected final long start = System.nanoTime();
    protected int done;
    protected long doneBytes;
    protected long events;

    Progress(int total, long totalBytes) {
        this.total = total;
        this.totalBytes = totalBytes;
    }

    /** A bar when {@code interactive}, log lines to {@code log} otherwise; {@code totalBytes}: the inputs' size. */
    static Progress create(boolean interactive, int total, long totalBytes, PrintWriter log) {
        return interactive ? new Bar(total, totalBytes) : new Lines(total, totalBytes, log);
    }

    /** One sample, whose input has {@code bytes}, finished ({@code ok == false}: it failed). */
    final void sampleDone(String sample, long sampleEvents, long bytes, boolean ok, String detail) {
        done++;
        doneBytes += bytes;
        events += sampleEvents;
        report(sample, sampleEvents, bytes, ok, detail);
    }

    abstract void report(String sample, long sampleEvents, long bytes, boolean ok, String detail);

    /**
     * Seconds left after {@code elapsed}: in proportion to the input bytes left when any are done, else to the
     * samples left; 0 when all are done.
     */
    static double etaSeconds(double elapsed, int done, int total, long doneBytes, long totalBytes) {
        if (doneBytes > 0 && totalBytes >= doneBytes) {
            return elapsed * (totalBytes - doneBytes) / doneBytes;
        }
        return done > 0 ? elapsed / done * (total - done) : 0;
    }

    /**
     * {@code v} with a comma between groups of three digits, as {@code String.format("%,d")} in the root locale. The
     * batch logs a line per sample; the Formatter would be a large JIT compilation for it.
     */
    static String grouped(long v) {
        String digits = Long.toString(v);
        int sign = v < 0 ? 1 : 0;
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3);
        b.append(digits, 0, sign);
        for (int i = sign; i < digits.length(); i++) {
            if (i > sign && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    double eventsPerSecond() {
        double s = (System.nanoTime() - start) / 1e9;
        return s > 0 ? events / s : 0;
    }

    @Override
    public void close() {
    }

    /** The bar counts input megabytes (its own ETA then goes by them); the message counts samples. */
    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(int total, long totalBytes) {
            super(total, totalBytes);
            bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(Math.max(1, totalBytes))
                    .setUnit(" MB", 1_000_000).setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        }

        @Override
        void report(String sample, long sampleEvents, long bytes, boolean ok, String detail) {
            bar.stepBy(bytes);
            bar.setExtraMessage(" " + done + "/" + total + " samples, " + grouped(Math.round(eventsPerSecond()))
                    + " events/s" + (ok ? "" : " (failed: " + sample + ")"));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final PrintWriter log;

        Lines(int total, long totalBytes, PrintWriter log) {
            super(total, totalBytes);
            this.log = log;
        }

        @Override
        void report(String sample, long sampleEvents, long bytes, boolean ok, String detail) {
            double eta = etaSeconds((System.nanoTime() - start) / 1e9, done, total, doneBytes, totalBytes);
            log.println("[" + done + "/" + total + "] " + (ok ? "done" : "FAILED") + " " + sample + ": " + detail
                    + " (" + grouped(Math.round(eventsPerSecond())) + " events/s, ETA " + Math.round(eta) + " s)");
            log.flush();
        }
    }
}
