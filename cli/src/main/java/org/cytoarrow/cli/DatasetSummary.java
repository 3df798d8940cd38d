package org.cytoarrow.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Severity;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * What {@code cytoarrow info} reports about one data set: its metadata and, per channel, the minimum, maximum
 * and mean of the raw values (NaN values skipped; NaN statistics when no value is left).
 */
record DatasetSummary(Sample sample, String version, long events, List<ChannelStats> channels) {

    record ChannelStats(Channel channel, double min, double max, double mean) {
    }

    /** Summarises a frame that was read from data set {@code sample.datasetIndex()}. */
    static DatasetSummary of(EventFrame frame, String version) {
        List<ChannelStats> stats = new ArrayList<>();
        int n = frame.eventCount();
        double[] block = new double[Math.max(1, Math.min(n, 1 << 16))];
        for (Channel c : frame.channels()) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            long count = 0;
            for (int from = 0; from < n; from += block.length) {
                int len = Math.min(block.length, n - from);
                frame.rawBlock(c.index(), from, len, block);
                for (int i = 0; i < len; i++) {
                    double v = block[i];
                    if (v == v) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        sum += v;
                        count++;
                    }
                }
            }
            stats.add(count == 0 ? new ChannelStats(c, Double.NaN, Double.NaN, Double.NaN)
                    : new ChannelStats(c, min, max, sum / count));
        }
        return new DatasetSummary(frame.sample(), version, n, stats);
    }

    /** A data set whose DATA could not be read: statistics unknown, the failure an ERROR issue (added if new). */
    static DatasetSummary unreadable(Sample sample, String version, CytoException e) {
        List<ChannelStats> stats = new ArrayList<>();
        for (Channel c : sample.channels()) {
            stats.add(new ChannelStats(c, Double.NaN, Double.NaN, Double.NaN));
        }
        Issue failure = new Issue(e.code() == null ? "ERROR" : e.code(), Severity.ERROR, e.getMessage());
        boolean known = sample.issues().stream()
                .anyMatch(i -> i.code().equals(failure.code()) && i.message().equals(failure.message()));
        return new DatasetSummary(known ? sample : sample.withIssues(List.of(failure)), version, 0, stats);
    }

    String keyword(String key) {
        return sample.keyword(key).map(String::strip).orElse(null);
    }

    /** $TOT as written, or the number of events read when $TOT is missing or not a number. */
    long tot() {
        String t = keyword("$TOT");
        try {
            return t == null ? events : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return events;
        }
    }

    /** "lin", "log(f1,f2)", "time x<timestep>" or "lin /<gain>": how raw values become scale values. */
    static String scaleType(Channel c) {
        if (c.time()) {
            return c.timestep() == 1 ? "time" : "time x" + number(c.timestep());
        }
        if (c.decades() > 0) {
            return "log(" + number(c.decades()) + "," + number(c.offset()) + ")";
        }
        if (!Double.isNaN(c.gain()) && c.gain() != 0 && c.gain() != 1) {
            return "lin /" + number(c.gain());
        }
        return "lin";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e9 ? d.toPlainString() : d.toString();
    }

    Optional<SpilloverMatrix> spillover() {
        return sample.spillover();
    }

    List<Issue> issues() {
        return sample.issues();
    }
}
