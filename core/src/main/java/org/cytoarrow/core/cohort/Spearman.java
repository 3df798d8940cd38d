package org.cytoarrow.core.cohort;

import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Spearman rank correlation ρ of paired observations, with a p-value.
 *
 * <p>ρ is the Pearson correlation of the mid-ranks. p: for n &lt;= 9 without ties, exact, from the permutation
 * distribution of S = Σ(rank differences)² over all n! orderings (as R's {@code cor.test(method = "spearman")}, whose
 * exact method enumerates for n &lt;= 9); otherwise the t approximation t = ρ sqrt((n - 2)/(1 - ρ²)) on n - 2 degrees
 * of freedom (R uses this with ties; without ties for 10 &lt;= n &lt; 1290 R uses the Edgeworth series of
 * AS 89, so its p can differ slightly there).
 */
public final class Spearman {
    private static final int EXACT_MAX_N = 9;

    private Spearman() {
    }

    /** Two-sided test. */
    public static Result test(double[] x, double[] y) {
        return test(x, y, Alternative.TWO_SIDED);
    }

    /** The test ({@code GREATER}: positive association). */
    public static Result test(double[] x, double[] y, Alternative alternative) {
        if (x.length != y.length) {
            throw Checks.invalid("Spearman needs paired values; got " + x.length + " x and " + y.length + " y");
        }
        Checks.finite(x, "x");
        Checks.finite(y, "y");
        Checks.atLeast(x.length, 3, "Spearman correlation");
        int n = x.length;
        Ranks rx = Ranks.of(x);
        Ranks ry = Ranks.of(y);
        double rho = pearson(rx.ranks, ry.ranks);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = rx.ranks[i] - ry.ranks[i];
            s += d * d;
        }
        boolean exact = n <= EXACT_MAX_N && rx.tieSum == 0 && ry.tieSum == 0;
        double p;
        if (exact) {
            p = exactP(n, s, alternative);
        } else if (Math.abs(rho) >= 1) {
            p = alternative == Alternative.TWO_SIDED || (alternative == Alternative.GREATER) == (rho > 0) ? 0 : 1;
        } else {
            double t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
            TDistribution td = TDistribution.of(n - 2);
            p = switch (alternative) {
                case TWO_SIDED -> Math.min(1, 2 * td.survivalProbability(Math.abs(t)));
                case GREATER -> td.survivalProbability(t);
                case LESS -> td.cumulativeProbability(t);
            };
        }
        return new Result(rho, s, p, exact, alternative, n);
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Exact p of S by enumerating all n! permutations (Heap's algorithm); small S = positive association. */
    private static double exactP(int n, double s, Alternative alternative) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        long total = 0;
        long lessOrEqual = 0;
        long greaterOrEqual = 0;
        int[] c = new int[n];
        double eps = 1e-7;
        // visit the identity first, then Heap's swaps
        int sv = sumSquares(perm);
        total++;
        lessOrEqual += sv <= s + eps ? 1 : 0;
        greaterOrEqual += sv >= s - eps ? 1 : 0;
        int i = 0;
        while (i < n) {
            if (c[i] < i) {
                int j = i % 2 == 0 ? 0 : c[i];
                int t = perm[j];
                perm[j] = perm[i];
                perm[i] = t;
                sv = sumSquares(perm);
                total++;
                lessOrEqual += sv <= s + eps ? 1 : 0;
                greaterOrEqual += sv >= s - eps ? 1 : 0;
                c[i]++;
                i = 0;
            } else {
                c[i] = 0;
                i++;
            }
        }
        double pLow = (double) lessOrEqual / total;   // P(S <= s): rho this large or larger
        double pHigh = (double) greaterOrEqual / total;
        return switch (alternative) {
            case GREATER -> pLow;
            case LESS -> pHigh;
            case TWO_SIDED -> Math.min(1, 2 * Math.min(pLow, pHigh));
        };
    }

    private static int sumSquares(int[] perm) {
        int s = 0;
        for (int i = 0; i < perm.length; i++) {
            int d = perm[i] - i;
            s += d * d;
        }
        return s;
    }

    /**
     * The outcome.
     *
     * @param rho   Spearman's ρ
     * @param s     S = Σ d² of the rank differences (R's S)
     * @param p     p-value for {@code alternative}
     * @param exact whether p is the exact permutation p-value
     * @param n     number of pairs
     */
    public record Result(double rho, double s, double p, boolean exact, Alternative alternative, int n)
            implements CohortResult {

        /** One row with ρ as statistic and estimate; comparison names the two variables. */
        public List<CohortRow> rows(String endpoint, String grouping, String against) {
            return List.of(new CohortRow(endpoint, grouping, against, "spearman", rho, p, Double.NaN, rho,
                    Double.NaN, Double.NaN, n));
        }

        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            return rows(endpoint, grouping, grouping);
        }
    }
}
