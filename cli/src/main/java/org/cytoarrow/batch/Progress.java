package org.cytoarrow.batch;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports batch progress: a live bar (counts, events/s, ETA) on a terminal, one log line per sample otherwise
 * (CI logs, redirected output). Called from one thread (the runner's collector).
 */
abstract class Progress implements AutoCloseable {
    protected final int total;
    protected final long start = System.nanoTime();
    protected int done;
    protected long events;

    Progress(int total) {
        this.total = total;
    }

    /** A bar when {@code interactive}, log lines to {@code log} otherwise. */
    static Progress create(boolean interactive, int total, PrintWriter log) {
        return interactive ? new Bar(total) : new Lines(total, log);
    }

    /** One sample finished ({@code ok == false}: it failed). */
    final void sampleDone(String sample, long sampleEvents, boolean ok, String detail) {
        done++;
        events += sampleEvents;
        report(sample, sampleEvents, ok, detail);
    }

    abstract void report(String sample, long sampleEvents, boolean ok, String detail);

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

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(int total) {
            super(total);
            bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(total).setUnit(" samples", 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        }

        @Override
        void report(String sample, long sampleEvents, boolean ok, String detail) {
            bar.step();
            bar.setExtraMessage(" " + grouped(Math.round(eventsPerSecond())) + " events/s"
                    + (ok ? "" : " (failed: " + sample + ")"));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final PrintWriter log;

        Lines(int total, PrintWriter log) {
            super(total);
            this.log = log;
        }

        @Override
        void report(String sample, long sampleEvents, boolean ok, String detail) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = done > 0 ? elapsed / done * (total - done) : 0;
            log.println("[" + done + "/" + total + "] " + (ok ? "done" : "FAILED") + " " + sample + ": " + detail
                    + " (" + grouped(Math.round(eventsPerSecond())) + " events/s, ETA " + Math.round(eta) + " s)");
            log.flush();
        }
    }
}
