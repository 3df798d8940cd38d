package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class JonckheereTerpstraTest {

    @Test
    void handComputedThreeGroupsWithoutTies() {
        // Groups (in order) A = {1, 4}, B = {2, 6}, C = {3, 5, 7}; N = 7, no ties. By hand:
        // U_AB = #(a < b) = (1<2, 1<6, 4<6) = 3; U_AC = (1<3,1<5,1<7, 4<5,4<7) = 5; U_BC = (2<3,2<5,2<7, 6<7) = 4.
        // J = 12; E = (49 - (4 + 4 + 9)) / 4 = 8; Var = [49(17) - (4(7) + 4(7) + 9(9))] / 72 = (833 - 137)/72
        // = 696/72 = 9.6667 (the untied formula N²(2N+3) - Σn²(2n+3) over 72); z = 4 / sqrt(9.6667) = 1.28654.
        JonckheereTerpstra.Result r = JonckheereTerpstra.test(List.of("A", "B", "C"),
                List.of(new double[] {1, 4}, new double[] {2, 6}, new double[] {3, 5, 7}), Alternative.GREATER);
        assertEquals(12, r.j());
        assertEquals(8, r.mean());
        assertEquals(696.0 / 72, r.variance(), 1e-12);
        assertEquals(4 / Math.sqrt(696.0 / 72), r.z(), 1e-12);
        assertEquals(NormalDistribution.of(0, 1).survivalProbability(4 / Math.sqrt(696.0 / 72)), r.p(), 1e-15);
    }

    @Test
    void tieCorrectedVarianceEqualsTheExactPermutationVariance() {
        // Hollander & Wolfe's eq. 6.19 is the exact conditional null variance of J given the tie pattern, so it must
        // equal the variance of J over all N!/(n1! n2! n3!) = 9!/(3! 3! 3!) = 1680 distinct group assignments,
        // enumerated here by brute force (an independent computation).
        double[] values = {1, 1, 2, 2, 2, 3, 4, 4, 5};
        int[] sizes = {3, 3, 3};
        double[] moments = new double[3]; // count, sum, sum of squares
        enumerate(values, sizes, new int[values.length], 0, new int[3], moments);
        assertEquals(1680, moments[0]);
        double mean = moments[1] / moments[0];
        double variance = moments[2] / moments[0] - mean * mean;
        JonckheereTerpstra.Result r = JonckheereTerpstra.test(List.of("a", "b", "c"),
                List.of(new double[] {1, 2, 4}, new double[] {1, 2, 5}, new double[] {2, 3, 4}));
        assertEquals(mean, r.mean(), 1e-9);
        assertEquals(variance, r.variance(), 1e-9);
    }

    private static void enumerate(double[] v, int[] sizes, int[] label, int i, int[] used, double[] acc) {
        if (i == v.length) {
            double[][] g = new double[sizes.length][];
            int[] fill = new int[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                g[k] = new double[sizes[k]];
            }
            for (int e = 0; e < v.length; e++) {
                g[label[e]][fill[label[e]]++] = v[e];
            }
            double j = JonckheereTerpstra.statistic(g);
            acc[0]++;
            acc[1] += j;
            acc[2] += j * j;
            return;
        }
        for (int k = 0; k < sizes.length; k++) {
            if (used[k] < sizes[k]) {
                used[k]++;
                label[i] = k;
                enumerate(v, sizes, label, i + 1, used, acc);
                used[k]--;
            }
        }
    }

    @Test
    void twoGroupsReduceToTheMannWhitneyCountOfTheLaterGroup() {
        // With k = 2, J = U of the second group against the first (R's W for wilcox.test(second, first)):
        // the Hollander & Wolfe permeability data give W = 35 for x against y (R ?wilcox.test).
        double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};
        JonckheereTerpstra.Result r = JonckheereTerpstra.test(List.of("y", "x"), List.of(y, x), Alternative.GREATER);
        assertEquals(35, r.j());
        // R: wilcox.test(x, y, alternative = "greater", exact = FALSE, correct = FALSE) prints p-value = 0.1103,
        // the same normal approximation without continuity correction.
        assertEquals(0.1103, r.p(), 5e-5);
    }

    @Test
    void jonckheere1954Data() {
        // The data of Jonckheere (1954), Biometrika 41:133, as distributed in R package npordtests (data jdata):
        // 4 ordered groups of 4. No printed result of that paper was available to us, so the expected values are a
        // hand computation (J = Σ U_ij = 71; E = (256 - 64)/4 = 48; no ties, Var = [256(35) - 4(16)(11)]/72 =
        // 8256/72 = 114.667), also checked by the author with a few lines of Python (scipy.stats.norm.sf(z)
        // = 0.015862 for z = 2.147876).
        List<double[]> groups = List.of(new double[] {19, 20, 60, 130}, new double[] {21, 61, 80, 129},
                new double[] {40, 99, 100, 149}, new double[] {49, 110, 151, 160});
        JonckheereTerpstra.Result r = JonckheereTerpstra.test(List.of("1", "2", "3", "4"), groups,
                Alternative.GREATER);
        assertEquals(71, r.j());
        assertEquals(48, r.mean());
        assertEquals(8256.0 / 72, r.variance(), 1e-12);
        assertEquals(2.147876, r.z(), 5e-7);
        assertEquals(0.015862, r.p(), 5e-7);
        assertEquals("1 < 2 < 3 < 4", r.rows("e", "g").get(0).comparison());
    }
}
