package org.cytoarrow.core.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Log-rank (Mantel-Haenszel) test that k survival curves are equal, as R's {@code survdiff(rho = 0)}.
 *
 * <p>At each distinct event time t with n<sub>t</sub> at risk and d<sub>t</sub> events in all groups, group j expects
 * n<sub>jt</sub> d<sub>t</sub> / n<sub>t</sub> events; O<sub>j</sub> and E<sub>j</sub> sum observed and expected
 * events. The hypergeometric covariance is V<sub>jl</sub> = Σ d<sub>t</sub> (n<sub>t</sub> - d<sub>t</sub>) /
 * (n<sub>t</sub> - 1) · (n<sub>jt</sub>/n<sub>t</sub>) (δ<sub>jl</sub> - n<sub>lt</sub>/n<sub>t</sub>), and
 * χ² = (O - E)' V⁻¹ (O - E) over the first k - 1 groups, on k - 1 degrees of freedom.
 */
public final class LogRank {
    private LogRank() {
    }

    /**
     * The test.
     *
     * @param names  group names
     * @param times  follow-up times per group
     * @param events event flags per group (true = event, false = censored)
     */
    public static Result test(List<String> names, List<double[]> times, List<boolean[]> events) {
        int k = times.size();
        if (k < 2 || names.size() != k || events.size() != k) {
            throw Checks.invalid("Log-rank needs at least 2 groups with names, times and event flags; got "
                    + names.size() + " names, " + k + " time arrays and " + events.size() + " flag arrays");
        }
        int total = 0;
        for (int j = 0; j < k; j++) {
            if (times.get(j).length != events.get(j).length) {
                throw Checks.invalid("Group " + names.get(j) + " has " + times.get(j).length + " times and "
                        + events.get(j).length + " event flags");
            }
            Checks.finite(times.get(j), names.get(j));
            Checks.atLeast(times.get(j).length, 1, "Group " + names.get(j));
            total += times.get(j).length;
        }
        double[] t = new double[total];
        int[] g = new int[total];
        boolean[] e = new boolean[total];
        int q = 0;
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < times.get(j).length; i++) {
                t[q] = times.get(j)[i];
                e[q] = events.get(j)[i];
                g[q++] = j;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(t[a], t[b]));
        int[] atRisk = new int[k];
        int[] size = new int[k];
        for (int i = 0; i < total; i++) {
            atRisk[g[i]]++;
            size[g[i]]++;
        }
        double[] observed = new double[k];
        double[] expected = new double[k];
        double[][] v = new double[k][k];
        int i = 0;
        while (i < total) {
            double time = t[order[i]];
            int[] d = new int[k];
            int[] leaving = new int[k];
            int dt = 0;
            while (i < total && t[order[i]] == time) {
                int grp = g[order[i]];
                leaving[grp]++;
                if (e[order[i]]) {
                    d[grp]++;
                    dt++;
                }
                i++;
            }
            int nt = 0;
            for (int a : atRisk) {
                nt += a;
            }
            if (dt > 0) {
                for (int j = 0; j < k; j++) {
                    observed[j] += d[j];
                    expected[j] += (double) atRisk[j] * dt / nt;
                }
                if (nt > 1) {
                    double f = (double) dt * (nt - dt) / (nt - 1);
                    for (int j = 0; j < k; j++) {
                        double pj = (double) atRisk[j] / nt;
                        for (int l = 0; l < k; l++) {
                            double pl = (double) atRisk[l] / nt;
                            v[j][l] += f * pj * ((j == l ? 1 : 0) - pl);
                        }
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                atRisk[j] -= leaving[j];
            }
        }
        double chi = quadraticForm(observed, expected, v, k - 1);
        int df = k - 1;
        double p = Double.isNaN(chi) ? Double.NaN : ChiSquaredDistribution.of(df).survivalProbability(chi);
        return new Result(chi, df, p, List.copyOf(names), observed, expected, size, total);
    }

    /** (O - E)' V⁻¹ (O - E) on the leading m x m block, by Gaussian elimination with partial pivoting. */
    private static double quadraticForm(double[] o, double[] ex, double[][] v, int m) {
        double[][] a = new double[m][m + 1];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                a[r][c] = v[r][c];
            }
            a[r][m] = o[r] - ex[r];
        }
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                return Double.NaN;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= m; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = a[r][m];
            for (int c = r + 1; c < m; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        double chi = 0;
        for (int r = 0; r < m; r++) {
            chi += (o[r] - ex[r]) * x[r];
        }
        return chi;
    }

    /**
     * The outcome.
     *
     * @param chiSquare the log-rank statistic
     * @param df        k - 1
     * @param p         chi-square p-value
     * @param names     group names
     * @param observed  events per group
     * @param expected  expected events per group under the null
     * @param sizes     subjects per group
     * @param n         all subjects
     */
    public record Result(double chiSquare, int df, double p, List<String> names, double[] observed,
                         double[] expected, int[] sizes, int n) implements CohortResult {

        /** One row; comparison lists the groups; estimate is empty. */
        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            List<CohortRow> rows = new ArrayList<>();
            rows.add(new CohortRow(endpoint, grouping, String.join(" vs ", names), "logrank", chiSquare, p,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, n));
            return rows;
        }
    }
}
