package org.cytoarrow.core.cohort;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Kruskal-Wallis H test of k independent groups, with Dunn's (1964) pairwise post-hoc comparisons.
 *
 * <p>All N values are ranked together (mid-ranks for ties). With R<sub>i</sub> the rank sum of group i,
 * H = [12 / (N(N + 1)) Σ R<sub>i</sub>²/n<sub>i</sub> - 3(N + 1)] / [1 - Σ(t³ - t)/(N³ - N)] (tie-corrected,
 * as R's {@code kruskal.test}); p = P(χ²<sub>k-1</sub> &gt;= H).
 *
 * <p>Dunn: for groups i, j, z = (R̄<sub>i</sub> - R̄<sub>j</sub>) / sqrt([N(N + 1)/12 - Σ(t³ - t)/(12(N - 1))]
 * (1/n<sub>i</sub> + 1/n<sub>j</sub>)), two-sided p = 2 P(Z &gt;= |z|), Holm-adjusted over the k(k - 1)/2 pairs.
 */
public final class KruskalWallis {
    private KruskalWallis() {
    }

    /**
     * The omnibus test and Dunn's comparisons.
     *
     * @param names  one name per group (for the rows)
     * @param groups the values of each group; each non-empty and finite, at least 2 groups
     */
    public static Result test(List<String> names, List<double[]> groups) {
        int k = groups.size();
        if (k < 2 || names.size() != k) {
            throw Checks.invalid("Kruskal-Wallis needs at least 2 groups and one name per group; got "
                    + k + " groups and " + names.size() + " names");
        }
        double[][] g = groups.toArray(new double[0][]);
        for (int i = 0; i < k; i++) {
            Checks.finite(g[i], names.get(i));
            Checks.atLeast(g[i].length, 1, "Group " + names.get(i));
        }
        double[] pooled = Ranks.pool(g);
        int n = pooled.length;
        Ranks ranks = Ranks.of(pooled);
        double[] meanRank = new double[k];
        double sum = 0;
        int offset = 0;
        for (int i = 0; i < k; i++) {
            double r = 0;
            for (int j = 0; j < g[i].length; j++) {
                r += ranks.ranks[offset + j];
            }
            offset += g[i].length;
            meanRank[i] = r / g[i].length;
            sum += r * r / g[i].length;
        }
        double nn = n;
        double correction = 1 - ranks.tieSum / (nn * nn * nn - nn);
        double h = (12 / (nn * (nn + 1)) * sum - 3 * (nn + 1)) / correction;
        int df = k - 1;
        double p = correction == 0 ? Double.NaN : ChiSquaredDistribution.of(df).survivalProbability(h);

        double variance = nn * (nn + 1) / 12 - ranks.tieSum / (12 * (nn - 1));
        List<Pair> pairs = new ArrayList<>();
        double[] raw = new double[k * (k - 1) / 2];
        int q = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double se = Math.sqrt(variance * (1.0 / g[i].length + 1.0 / g[j].length));
                double z = (meanRank[i] - meanRank[j]) / se;
                raw[q++] = Alternative.TWO_SIDED.normalP(z);
                pairs.add(new Pair(names.get(i), names.get(j), meanRank[i] - meanRank[j], z, 0, 0,
                        g[i].length + g[j].length));
            }
        }
        double[] adjusted = MultipleTesting.holm(raw);
        List<Pair> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            Pair pr = pairs.get(i);
            out.add(new Pair(pr.group1(), pr.group2(), pr.meanRankDifference(), pr.z(), raw[i], adjusted[i], pr.n()));
        }
        return new Result(h, df, p, n, List.copyOf(out));
    }

    /**
     * The outcome: the omnibus test and the post-hoc pairs.
     *
     * @param h     tie-corrected H
     * @param df    k - 1
     * @param p     chi-square p-value (NaN when all values are tied)
     * @param n     N, all values
     * @param dunn  Dunn's comparisons, pairs (i, j) with i &lt; j in input order
     */
    public record Result(double h, int df, double p, int n, List<Pair> dunn) implements CohortResult {

        /** The omnibus row (comparison {@code "all"}) followed by one {@code dunn} row per pair. */
        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            List<CohortRow> rows = new ArrayList<>();
            rows.add(new CohortRow(endpoint, grouping, "all", "kruskal_wallis", h, p, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, n));
            for (Pair d : dunn) {
                rows.add(new CohortRow(endpoint, grouping, d.group1() + " vs " + d.group2(), "dunn", d.z(), d.p(),
                        d.pHolm(), d.meanRankDifference(), Double.NaN, Double.NaN, d.n()));
            }
            return rows;
        }
    }

    /**
     * One Dunn comparison.
     *
     * @param meanRankDifference mean rank of group1 minus that of group2
     * @param z                  the Dunn z statistic (same sign)
     * @param p                  two-sided unadjusted p
     * @param pHolm              Holm-adjusted p over all pairs
     * @param n                  n1 + n2
     */
    public record Pair(String group1, String group2, double meanRankDifference, double z, double p, double pHolm,
                       int n) {
    }
}
