package org.cytoarrow.core.cohort;

import java.util.List;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * Wilcoxon signed-rank test for paired data (e.g. the same patients before and after treatment), by Apache Commons
 * Statistics {@code WilcoxonSignedRankTest}.
 *
 * <p>With d<sub>i</sub> = x<sub>i</sub> - y<sub>i</sub>: V = sum of the ranks of |d| over the positive d (R's V).
 * p is exact when n &lt; 50 and there are no zero differences and no ties among |d| (R's rule), otherwise the normal
 * approximation with tie-corrected variance and a continuity correction of ½. The estimate reported is the median
 * of the differences.
 */
public final class WilcoxonSignedRank {
    private static final int EXACT_LIMIT = 50;

    private WilcoxonSignedRank() {
    }

    /** Two-sided paired test of x against y. */
    public static Result test(double[] x, double[] y) {
        return test(x, y, Alternative.TWO_SIDED);
    }

    /** Paired test; {@code GREATER}: x tends to exceed y. */
    public static Result test(double[] x, double[] y, Alternative alternative) {
        if (x.length != y.length) {
            throw Checks.invalid("Wilcoxon signed-rank needs pairs; got " + x.length + " x and " + y.length + " y");
        }
        Checks.finite(x, "x");
        Checks.finite(y, "y");
        Checks.atLeast(x.length, 1, "Wilcoxon signed-rank");
        int n = x.length;
        double[] d = new double[n];
        double[] abs = new double[n];
        boolean zeros = false;
        for (int i = 0; i < n; i++) {
            d[i] = x[i] - y[i];
            abs[i] = Math.abs(d[i]);
            zeros |= d[i] == 0;
        }
        Ranks r = Ranks.of(abs);
        boolean exact = n < EXACT_LIMIT && !zeros && r.tieSum == 0;
        WilcoxonSignedRankTest.Result res;
        try {
            res = WilcoxonSignedRankTest.withDefaults()
                    .with(alternative.toCommons())
                    .with(exact ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC)
                    .with(ContinuityCorrection.ENABLED)
                    .test(x, y);
        } catch (IllegalArgumentException e) { // Commons Statistics rejects e.g. all-zero differences
            throw Checks.invalid("Wilcoxon signed-rank test not possible: " + e.getMessage());
        }
        double v = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                v += r.ranks[i];
            }
        }
        double median = org.cytoarrow.core.stats.PopulationStatistics.percentiles(d, 50)[0];
        return new Result(v, res.getPValue(), exact, alternative, median, n);
    }

    /**
     * The outcome.
     *
     * @param v              sum of ranks of the positive differences
     * @param p              p-value for {@code alternative}
     * @param exact          whether p is exact
     * @param medianDifference median of x - y
     * @param n              number of pairs
     */
    public record Result(double v, double p, boolean exact, Alternative alternative, double medianDifference, int n)
            implements CohortResult {

        /** One row; comparison names x then y. */
        public List<CohortRow> rows(String endpoint, String grouping, String xName, String yName) {
            return List.of(new CohortRow(endpoint, grouping, xName + " vs " + yName, "wilcoxon_signed_rank", v, p,
                    Double.NaN, medianDifference, Double.NaN, Double.NaN, n));
        }

        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            return rows(endpoint, grouping, "x", "y");
        }
    }
}
