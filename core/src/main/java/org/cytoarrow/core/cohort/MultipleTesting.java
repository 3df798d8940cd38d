package org.cytoarrow.core.cohort;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiplicity adjustments of p-values, returned in the input order (as R's {@code p.adjust}). NaN p-values are
 * passed through as NaN and do not count towards the number of tests.
 */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    /**
     * Benjamini-Hochberg (1995) step-up false discovery rate adjustment: with the m p-values sorted ascending,
     * p_adj(i) = min over j &gt;= i of min(1, m p(j) / j). Rejecting every hypothesis with p_adj &lt;= q controls
     * the FDR at q for independent or positively dependent tests.
     */
    public static double[] benjaminiHochberg(double[] p) {
        int[] idx = finiteOrder(p);
        int m = idx.length;
        double[] out = nanCopy(p.length);
        double running = 1;
        for (int k = m - 1; k >= 0; k--) {
            double v = Math.min(1, p[idx[k]] * m / (k + 1));
            running = Math.min(running, v);
            out[idx[k]] = running;
        }
        return out;
    }

    /**
     * Holm (1979) step-down family-wise adjustment: sorted ascending, p_adj(i) = max over j &lt;= i of
     * min(1, (m - j + 1) p(j)).
     */
    public static double[] holm(double[] p) {
        int[] idx = finiteOrder(p);
        int m = idx.length;
        double[] out = nanCopy(p.length);
        double running = 0;
        for (int k = 0; k < m; k++) {
            double v = Math.min(1, (m - k) * p[idx[k]]);
            running = Math.max(running, v);
            out[idx[k]] = running;
        }
        return out;
    }

    private static int[] finiteOrder(double[] p) {
        for (double v : p) {
            if (!Double.isNaN(v) && (v < 0 || v > 1)) {
                throw Checks.invalid("p-values must be in [0, 1], got " + v);
            }
        }
        return IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).mapToInt(Integer::intValue).toArray();
    }

    private static double[] nanCopy(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
