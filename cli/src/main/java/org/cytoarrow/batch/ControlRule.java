package org.cytoarrow.batch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.report.ReportModel;

/**
 * How to derive positivity thresholds from control samples (FMO, isotype or unstained tubes), written
 * {@code GLOB:STATISTIC}: the samples whose name matches the glob are the controls, and for every population
 * and channel the threshold is the median, across the controls, of their value of STATISTIC (say a 99th
 * percentile). {@link BatchRunner} processes the controls first and applies the thresholds to the other samples
 * ({@link ControlThresholds}). Example: {@code --controls '*FMO*:p99'}.
 *
 * <p>A sample is a control when its name matches; in the long table the rows of a file with several data sets are
 * named {@code <sample>#<index>}, and {@link #derive} matches those names.
 *
 * <p>With a group column ({@code --control-group patient}) controls are paired instead of pooled: a sample's
 * thresholds are the median over the controls whose sample-sheet value of that column equals the sample's (the same
 * patient's isotype or FMO tube); the runner derives one set per group.
 *
 * @param sampleGlob  glob over sample names ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}})
 * @param statistic   statistic name as it appears in the statistics table
 * @param groupColumn sample-sheet column pairing samples with their controls, or null to pool every control
 */
public record ControlRule(String sampleGlob, String statistic, String groupColumn) {
    public ControlRule {
        if (sampleGlob == null || sampleGlob.isBlank() || statistic == null || statistic.isBlank()) {
            throw new CytoException("CONTROL_RULE", null, null,
                    "Control rule needs a sample glob and a statistic, was '" + sampleGlob + ":" + statistic + "'");
        }
        if (groupColumn != null && groupColumn.isBlank()) {
            throw new CytoException("CONTROL_RULE", null, null, "Control group column must not be blank");
        }
    }

    /** A rule pooling every control. */
    public ControlRule(String sampleGlob, String statistic) {
        this(sampleGlob, statistic, null);
    }

    /** This rule pairing samples with the controls of the same {@code column} value (null: pool them all). */
    public ControlRule withGroupColumn(String column) {
        return new ControlRule(sampleGlob, statistic, column);
    }

    /** True when controls are paired by a sample-sheet column rather than pooled. */
    public boolean grouped() {
        return groupColumn != null;
    }

    /** Parses {@code GLOB:STATISTIC} (split at the last colon). */
    public static ControlRule parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CytoException("CONTROL_RULE", null, null,
                    "Control rule must look like GLOB:STATISTIC (e.g. '*FMO*:p99'), was '" + text + "'");
        }
        return new ControlRule(text.substring(0, colon), text.substring(colon + 1));
    }

    /** True when {@code sample} is one of the controls. */
    public boolean isControl(String sample) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + sampleGlob);
        return m.matches(Path.of(sample));
    }

    /** Thresholds from the long table's rows, sorted by population then channel. Empty without controls. */
    List<ReportModel.Threshold> derive(List<StatisticsTable.Row> rows) {
        return derive(rows, "");
    }

    /**
     * Thresholds of one control group from its controls' rows (as {@link #derive(List)}), each labelled with
     * {@code group} (empty: pooled).
     */
    List<ReportModel.Threshold> derive(List<StatisticsTable.Row> rows, String group) {
        Map<List<String>, List<Double>> values = new TreeMap<>((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        });
        TreeSet<String> controls = new TreeSet<>();
        for (StatisticsTable.Row r : rows) {
            if (r.statistic().equals(statistic) && !Double.isNaN(r.value()) && isControl(r.sample())) {
                values.computeIfAbsent(List.of(r.population(), r.channel()), k -> new ArrayList<>()).add(r.value());
                controls.add(r.sample());
            }
        }
        List<ReportModel.Threshold> out = new ArrayList<>();
        String source = "median of " + controls.size() + " control(s) matching " + sampleGlob
                + (group.isEmpty() ? "" : " with " + groupColumn + "=" + group) + ": " + String.join(", ", controls);
        for (Map.Entry<List<String>, List<Double>> e : values.entrySet()) {
            out.add(new ReportModel.Threshold(e.getKey().get(0), e.getKey().get(1), statistic,
                    median(e.getValue()), -1, source, group));
        }
        return out;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
