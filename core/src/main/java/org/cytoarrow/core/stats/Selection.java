package org.cytoarrow.core.stats;

import java.util.Arrays;

/**
 * Order statistics by selection (quickselect) on a scratch array the caller owns and lets us reorder.
 *
 * <p>{@link #select(double[], int, int, int)} rearranges {@code a[from, to)} so that {@code a[k]} holds the value a
 * full sort would put there, everything before it is {@code <=} and everything after is {@code >=}. Expected linear
 * time (median-of-three pivot, Hoare-style partition); after {@code 2 log2(n)} unproductive rounds it sorts the
 * remaining range, so the worst case is O(n log n), never quadratic. The array must not contain NaN. Not
 * thread-safe on a shared array.
 */
final class Selection {
    private static final int SMALL = 16;

    private Selection() {
    }

    /** Places the order statistic of 0-based rank {@code k} at {@code a[k]}, {@code from <= k < to}. */
    static void select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from)));
        while (hi > lo) {
            if (hi - lo < SMALL || budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            double pivot = medianOfThree(a, lo, (lo + hi) >>> 1, hi);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // Now a[lo..j] <= pivot, a[i..hi] >= pivot and j < i; a[j+1..i-1] (if any) equal the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /**
     * Selects every rank in {@code ranks} (sorted ascending, distinct, inside [0, n)) in {@code a[0, n)} by splitting
     * on the middle rank and recursing into both sides, so k ranks cost about n log k.
     */
    static void selectAll(double[] a, int n, int[] ranks) {
        selectAll(a, 0, n, ranks, 0, ranks.length);
    }

    private static void selectAll(double[] a, int from, int to, int[] ranks, int rFrom, int rTo) {
        if (rFrom >= rTo) {
            return;
        }
        int mid = (rFrom + rTo) >>> 1;
        int k = ranks[mid];
        select(a, from, to, k);
        selectAll(a, from, k, ranks, rFrom, mid);
        selectAll(a, k + 1, to, ranks, mid + 1, rTo);
    }

    private static double medianOfThree(double[] a, int i, int j, int k) {
        double x = a[i];
        double y = a[j];
        double z = a[k];
        if (x < y) {
            return y < z ? y : Math.max(x, z);
        }
        return x < z ? x : Math.max(y, z);
    }
}
