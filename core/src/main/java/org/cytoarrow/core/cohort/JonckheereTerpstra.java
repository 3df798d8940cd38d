package org.cytoarrow.core.cohort;

import java.util.List;

/**
 * Jonckheere-Terpstra test for a monotone trend over k ordered independent groups (Terpstra 1952; Jonckheere 1954).
 *
 * <p>J = Σ<sub>i&lt;j</sub> U<sub>ij</sub> with U<sub>ij</sub> = #{(a, b): x<sub>ia</sub> &lt; x<sub>jb</sub>} +
 * ½ #{x<sub>ia</sub> = x<sub>jb</sub>} (groups in the given order), E(J) = (N² - Σn<sub>i</sub>²)/4 and the
 * tie-corrected null variance of Hollander &amp; Wolfe (Nonparametric Statistical Methods, 2nd ed., eq. 6.19):
 * <pre>
 * Var(J) = [N(N-1)(2N+5) - Σ n(n-1)(2n+5) - Σ t(t-1)(2t+5)] / 72
 *        + [Σ n(n-1)(n-2)] [Σ t(t-1)(t-2)] / [36 N(N-1)(N-2)]
 *        + [Σ n(n-1)] [Σ t(t-1)] / [8 N(N-1)]
 * </pre>
 * (n over groups, t over tie groups). z = (J - E)/sqrt(Var), no continuity correction, normal p-value:
 * {@link Alternative#GREATER} is an increasing trend (later groups larger).
 */
public final class JonckheereTerpstra {
    private JonckheereTerpstra() {
    }

    /** Two-sided test (trend in either direction). */
    public static Result test(List<String> orderedNames, List<double[]> orderedGroups) {
        return test(orderedNames, orderedGroups, Alternative.TWO_SIDED);
    }

    /**
     * The test over groups in their stipulated order.
     *
     * @param alternative {@code GREATER}: values increase along the order; {@code LESS}: they decrease
     */
    public static Result test(List<String> orderedNames, List<double[]> orderedGroups, Alternative alternative) {
        int k = orderedGroups.size();
        if (k < 2 || orderedNames.size() != k) {
            throw Checks.invalid("Jonckheere-Terpstra needs at least 2 ordered groups and one name per group; got "
                    + k + " groups and " + orderedNames.size() + " names");
        }
        double[][] g = orderedGroups.toArray(new double[0][]);
        for (int i = 0; i < k; i++) {
            Checks.finite(g[i], orderedNames.get(i));
            Checks.atLeast(g[i].length, 1, "Group " + orderedNames.get(i));
        }
        double j = statistic(g);
        double[] pooled = Ranks.pool(g);
        double n = pooled.length;
        double sumN2 = 0;
        double groupA = 0; // Σ n(n-1)(2n+5)
        double groupB = 0; // Σ n(n-1)(n-2)
        double groupC = 0; // Σ n(n-1)
        for (double[] gi : g) {
            double ni = gi.length;
            sumN2 += ni * ni;
            groupA += ni * (ni - 1) * (2 * ni + 5);
            groupB += ni * (ni - 1) * (ni - 2);
            groupC += ni * (ni - 1);
        }
        double[] sorted = pooled.clone();
        java.util.Arrays.sort(sorted);
        double tieA = 0;
        double tieB = 0;
        double tieC = 0;
        for (int a = 0; a < sorted.length;) {
            int b = a + 1;
            while (b < sorted.length && sorted[b] == sorted[a]) {
                b++;
            }
            double t = b - a;
            tieA += t * (t - 1) * (2 * t + 5);
            tieB += t * (t - 1) * (t - 2);
            tieC += t * (t - 1);
            a = b;
        }
        double mean = (n * n - sumN2) / 4;
        double variance = (n * (n - 1) * (2 * n + 5) - groupA - tieA) / 72;
        if (n > 2) {
            variance += groupB * tieB / (36 * n * (n - 1) * (n - 2));
        }
        variance += groupC * tieC / (8 * n * (n - 1));
        double z = variance > 0 ? (j - mean) / Math.sqrt(variance) : Double.NaN;
        double p = Double.isNaN(z) ? Double.NaN : alternative.normalP(z);
        return new Result(j, mean, variance, z, p, alternative, (int) n, List.copyOf(orderedNames));
    }

    /** J over groups in order: pairs (earlier, later) with the later value larger count 1, ties ½. */
    static double statistic(double[][] g) {
        double j = 0;
        for (int a = 0; a < g.length; a++) {
            for (int b = a + 1; b < g.length; b++) {
                for (double x : g[a]) {
                    for (double y : g[b]) {
                        j += x < y ? 1 : x == y ? 0.5 : 0;
                    }
                }
            }
        }
        return j;
    }

    /**
     * The outcome.
     *
     * @param j        the J statistic
     * @param mean     E(J) under the null
     * @param variance tie-corrected Var(J) under the null
     * @param z        (J - mean)/sqrt(variance)
     * @param p        normal p-value for {@code alternative}
     * @param n        N
     * @param order    the group names in the tested order
     */
    public record Result(double j, double mean, double variance, double z, double p, Alternative alternative, int n,
                         List<String> order) implements CohortResult {

        /** One row; comparison is the order joined by {@code " < "}; estimate is z. */
        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            return List.of(new CohortRow(endpoint, grouping, String.join(" < ", order), "jonckheere_terpstra", j, p,
                    Double.NaN, z, Double.NaN, Double.NaN, n));
        }
    }
}
