package org.cytoarrow.core.cohort;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of two independent samples, with the Hodges-Lehmann shift estimate and
 * its distribution-free confidence interval.
 *
 * <ul>
 *   <li><b>U</b> = #{(i, j): x<sub>i</sub> &gt; y<sub>j</sub>} + ½ #{x<sub>i</sub> = y<sub>j</sub>}, the statistic R
 *       prints as W for {@code wilcox.test(x, y)}.</li>
 *   <li><b>p</b> (Apache Commons Statistics {@code MannWhitneyUTest}): exact when both samples have fewer than 50
 *       values and there are no ties (R's rule); otherwise the normal approximation with the tie-corrected variance
 *       mn/12 [(N + 1) - Σ(t³ - t)/(N(N - 1))] and a continuity correction of ½.</li>
 *   <li><b>Shift</b> (Hodges &amp; Lehmann 1963) = median of the mn differences x<sub>i</sub> - y<sub>j</sub>;
 *       positive when x tends to be larger.</li>
 *   <li><b>Confidence interval</b> (Moses; Bauer 1972; Hollander &amp; Wolfe, Nonparametric Statistical Methods,
 *       section 4.3): with the differences sorted, [D<sub>(C)</sub>, D<sub>(mn+1-C)</sub>] where, in the exact case,
 *       C - 1 is the largest u with P<sub>0</sub>(U &lt;= u) &lt;= α/2 under the null distribution of U, so the
 *       coverage is 1 - 2 P<sub>0</sub>(U &lt;= C - 1) &gt;= the requested level; otherwise C is the integer nearest
 *       to mn/2 - z<sub>α/2</sub> sqrt(mn(m + n + 1)/12) (no tie adjustment; R inverts the tie-corrected test
 *       numerically, so its large-sample interval can differ slightly). C is at least 1.</li>
 * </ul>
 */
public final class MannWhitney {
    private static final int EXACT_LIMIT = 50;

    private MannWhitney() {
    }

    /** Two-sided test with a 95% interval. */
    public static Result test(double[] x, double[] y) {
        return test(x, y, Alternative.TWO_SIDED, 0.95);
    }

    /**
     * The test of {@code x} against {@code y}.
     *
     * @param alternative which tail(s) the p-value covers ({@code GREATER}: x shifted up)
     * @param confidence  level of the two-sided shift interval, in (0, 1)
     */
    public static Result test(double[] x, double[] y, Alternative alternative, double confidence) {
        Checks.finite(x, "x");
        Checks.finite(y, "y");
        Checks.atLeast(x.length, 1, "Mann-Whitney sample x");
        Checks.atLeast(y.length, 1, "Mann-Whitney sample y");
        Checks.confidence(confidence);
        int m = x.length;
        int n = y.length;
        Ranks ranks = Ranks.of(Ranks.pool(new double[][] {x, y}));
        double rankSumX = 0;
        for (int i = 0; i < m; i++) {
            rankSumX += ranks.ranks[i];
        }
        double u = rankSumX - m * (m + 1) / 2.0;
        boolean exact = m < EXACT_LIMIT && n < EXACT_LIMIT && ranks.tieSum == 0;
        double p;
        try {
            p = MannWhitneyUTest.withDefaults()
                    .with(alternative.toCommons())
                    .with(exact ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC)
                    .with(ContinuityCorrection.ENABLED)
                    .test(x, y).getPValue();
        } catch (IllegalArgumentException e) {
            throw Checks.invalid("Mann-Whitney test not possible: " + e.getMessage());
        }

        double[] d = new double[m * n];
        int k = 0;
        for (double xi : x) {
            for (double yj : y) {
                d[k++] = xi - yj;
            }
        }
        Arrays.sort(d);
        int total = d.length;
        double shift = total % 2 == 1 ? d[total / 2] : 0.5 * (d[total / 2 - 1] + d[total / 2]);
        int c = exact ? exactC(m, n, 1 - confidence) : approximateC(m, n, 1 - confidence);
        double low = d[c - 1];
        double high = d[total - c];
        return new Result(m, n, u, p, exact, alternative, shift, low, high, confidence);
    }

    private static int exactC(int m, int n, double alpha) {
        double[] cdf = uCdf(m, n);
        double limit = alpha / 2 * (1 + 1e-9); // 1 - 0.8 is 0.19999999999999996: do not lose exact ties
        int c = 1;
        while (c - 1 < cdf.length && cdf[c - 1] <= limit) {
            c++;
        }
        c--; // C - 1 = largest u with cdf(u) <= alpha/2, so C = that u + 1; none -> C = 0, clamped below
        return Math.max(1, Math.min(c, (m * n + 1) / 2));
    }

    private static int approximateC(int m, int n, double alpha) {
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha / 2);
        double mn = (double) m * n;
        long c = Math.round(mn / 2 - z * Math.sqrt(mn * (m + n + 1) / 12));
        return (int) Math.max(1, Math.min(c, (m * n + 1) / 2));
    }

    /**
     * The null distribution function of U for samples of m and n untied values: {@code cdf[u] = P(U <= u)},
     * u = 0..mn. Counts arrangements with the recurrence f(u; i, j) = f(u - j; i - 1, j) + f(u; i, j - 1)
     * (Mann &amp; Whitney 1947), additions only, so the relative accuracy stays near machine precision.
     */
    static double[] uCdf(int m, int n) {
        // f[j][u] for the current i; row i = 0 has f = 1 at u = 0 for every j.
        double[][] f = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            f[j] = new double[] {1};
        }
        for (int i = 1; i <= m; i++) {
            double[][] g = new double[n + 1][];
            g[0] = new double[] {1};
            for (int j = 1; j <= n; j++) {
                double[] row = new double[i * j + 1];
                double[] up = f[j];        // (i - 1, j), shifted by j
                for (int u = 0; u < up.length; u++) {
                    row[u + j] += up[u];
                }
                double[] left = g[j - 1];  // (i, j - 1)
                for (int u = 0; u < left.length; u++) {
                    row[u] += left[u];
                }
                g[j] = row;
            }
            f = g;
        }
        double[] counts = f[n];
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double[] cdf = new double[counts.length];
        double run = 0;
        for (int u = 0; u < counts.length; u++) {
            run += counts[u];
            cdf[u] = run / total;
        }
        return cdf;
    }

    /**
     * The outcome of a Mann-Whitney test.
     *
     * @param n1          size of x
     * @param n2          size of y
     * @param u           U statistic of x (R's W)
     * @param p           p-value for {@code alternative}
     * @param exact       whether p (and the interval) come from the exact null distribution
     * @param alternative the alternative tested
     * @param shift       Hodges-Lehmann estimate of the shift of x relative to y
     * @param ciLow       lower end of the shift interval
     * @param ciHigh      upper end of the shift interval
     * @param confidence  the requested level of the interval
     */
    public record Result(int n1, int n2, double u, double p, boolean exact, Alternative alternative, double shift,
                         double ciLow, double ciHigh, double confidence) implements CohortResult {

        /** One row; {@code comparison} names x then y, e.g. {@code rows(e, g, "R", "NR")}. */
        public List<CohortRow> rows(String endpoint, String grouping, String xName, String yName) {
            return List.of(new CohortRow(endpoint, grouping, xName + " vs " + yName, "mann_whitney", u, p,
                    Double.NaN, shift, ciLow, ciHigh, n1 + n2));
        }

        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            return rows(endpoint, grouping, "x", "y");
        }
    }
}
