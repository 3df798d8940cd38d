package org.cytoarrow.core.cohort;

import java.util.Arrays;

/**
 * Mid-ranks of pooled values (ties get the average of the ranks they span, 1-based) and the tie term
 * Σ(t³ - t) over tie groups of size t, which every rank test's variance correction uses.
 */
final class Ranks {
    final double[] ranks;
    final double tieSum;

    private Ranks(double[] ranks, double tieSum) {
        this.ranks = ranks;
        this.tieSum = tieSum;
    }

    static Ranks of(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] r = new double[n];
        double ties = 0;
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && values[order[j]] == values[order[i]]) {
                j++;
            }
            double mid = (i + 1 + j) / 2.0; // average of ranks i+1 .. j
            for (int k = i; k < j; k++) {
                r[order[k]] = mid;
            }
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        return new Ranks(r, ties);
    }

    /** Concatenates groups into one array, in order. */
    static double[] pool(double[][] groups) {
        int n = 0;
        for (double[] g : groups) {
            n += g.length;
        }
        double[] all = new double[n];
        int k = 0;
        for (double[] g : groups) {
            System.arraycopy(g, 0, all, k, g.length);
            k += g.length;
        }
        return all;
    }
}
