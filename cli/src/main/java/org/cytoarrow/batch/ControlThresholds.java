package org.cytoarrow.batch;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cytoarrow.report.ReportModel;

/**
 * The control-derived thresholds a batch applies to its non-control samples ({@code --controls}): per population
 * path and channel, the value an event must exceed to count as positive. Applying them adds, per population and
 * thresholded channel, the statistic {@value #STATISTIC} (see {@link #percentAbove}).
 *
 * <p>{@link #fingerprint()} identifies the values applied, so that a sample's manifest can record what its
 * results were computed with and a rerun redoes the sample when the thresholds change. Immutable.
 *
 * @param thresholds the thresholds, as {@link ControlRule#derive} returns them (at most one per population and
 *                   channel)
 */
public record ControlThresholds(List<ReportModel.Threshold> thresholds) {
    /** Name of the applied statistic in the long table. */
    public static final String STATISTIC = "pct_above_control";

    /** No thresholds: nothing is applied and the fingerprint is empty. */
    public static final ControlThresholds NONE = new ControlThresholds(List.of());

    public ControlThresholds {
        thresholds = List.copyOf(thresholds);
    }

    /** True when there is nothing to apply. */
    public boolean isEmpty() {
        return thresholds.isEmpty();
    }

    /** Threshold values by (population path, channel). */
    Map<List<String>, Double> byPopulationAndChannel() {
        Map<List<String>, Double> m = new HashMap<>();
        for (ReportModel.Threshold t : thresholds) {
            m.put(List.of(t.population(), t.channel()), t.value());
        }
        return m;
    }

    /**
     * What a sample's results depend on: empty for no thresholds, else the SHA-256 of the applied statistic's name
     * and every (population, channel, statistic, exact value). The source text (which controls) is left out:
     * renaming a control without changing the values changes nothing.
     */
    public String fingerprint() {
        if (thresholds.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(STATISTIC).append(" v1\n");
        thresholds.stream().map(t -> t.population() + "\t" + t.channel() + "\t" + t.statistic() + "\t"
                + Long.toHexString(Double.doubleToLongBits(t.value()))).sorted()
                .forEach(line -> s.append(line).append('\n'));
        return Manifest.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 100 × (members of {@code mask} whose {@code values} entry is strictly greater than {@code threshold}) /
     * (members of {@code mask}); NaN when the mask is empty. A NaN value is a member that is not above: it stays in
     * the denominator, so the result is a percentage of the whole population like {@code freq_parent} (a NaN on
     * the gated scale comes from e.g. a log of a value &lt;= 0, which lies below any sensible threshold).
     *
     * @param values one value per event (the mask's size)
     * @param mask   the population's members, as words (bit i of word i/64 is event i)
     * @param members the number of set bits in {@code mask}
     */
    static double percentAbove(double[] values, long[] mask, int members, double threshold) {
        if (members == 0) {
            return Double.NaN;
        }
        int above = 0;
        for (int w = 0; w < mask.length; w++) {
            long bits = mask[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                above += values[i] > threshold ? 1 : 0;
                bits &= bits - 1;
            }
        }
        return 100.0 * above / members;
    }
}
