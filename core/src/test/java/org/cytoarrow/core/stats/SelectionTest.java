package org.cytoarrow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SelectionTest {

    /** Inputs that break naive quickselects: sorted, reversed, constant, organ pipe, few distinct values. */
    @Test
    void selectsEveryRankOfAdversarialInputsLikeASort() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 1001;
        IntToDoubleFunction[] shapes = {
            i -> i, i -> n - i, i -> 3.0, i -> Math.min(i, n - i), i -> i % 3, i -> rnd.nextInt(5),
            i -> rnd.nextGaussian(), i -> i % 2 == 0 ? -0.0 : 0.0
        };
        for (IntToDoubleFunction shape : shapes) {
            double[] base = values(shape, n);
            double[] sorted = base.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k += 37) {
                double[] a = base.clone();
                Selection.select(a, 0, n, k);
                assertEquals(sorted[k], a[k], 0.0);
                for (int i = 0; i < k; i++) {
                    assertEquals(true, a[i] <= a[k]);
                }
                for (int i = k + 1; i < n; i++) {
                    assertEquals(true, a[i] >= a[k]);
                }
            }
            double[] a = base.clone();
            int[] ranks = {0, 1, 158, 500, 501, 841, 999, 1000};
            Selection.selectAll(a, n, ranks);
            for (int k : ranks) {
                assertEquals(sorted[k], a[k], 0.0, "rank " + k);
            }
        }
    }

    /**
     * Random sizes (the small-array sort, the partition loop and the sort after the round budget) and shapes with
     * infinities, both zeros and long runs of equal values: the selected rank holds the sorted value, with nothing
     * larger before it and nothing smaller after it.
     */
    @Test
    void selectsRandomRanksOfRandomSizesLikeASort() {
        SplittableRandom rnd = new SplittableRandom(11);
        IntToDoubleFunction[] shapes = {
            i -> rnd.nextGaussian(), i -> rnd.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : rnd.nextGaussian(),
            i -> Double.POSITIVE_INFINITY, i -> rnd.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : rnd.nextInt(2),
            i -> rnd.nextBoolean() ? -0.0 : rnd.nextInt(3) - 1, i -> i / 50, i -> -(i / 7)
        };
        for (IntToDoubleFunction shape : shapes) {
            for (int trial = 0; trial < 60; trial++) {
                int n = 1 + rnd.nextInt(trial < 30 ? 64 : 20_000);
                double[] base = values(shape, n);
                double[] sorted = base.clone();
                Arrays.sort(sorted);
                int from = rnd.nextInt(n);
                int to = from + 1 + rnd.nextInt(n - from);
                double[] a = base.clone();
                int k = from + rnd.nextInt(to - from);
                Selection.select(a, from, to, k);
                double[] range = Arrays.copyOfRange(base, from, to);
                Arrays.sort(range);
                assertEquals(range[k - from], a[k], 0.0, "n " + n + " [" + from + ", " + to + ") rank " + k);
                for (int i = from; i < to; i++) {
                    assertEquals(true, i < k ? a[i] <= a[k] : a[i] >= a[k], "position " + i);
                }
                for (int i = 0; i < n; i++) {
                    if (i < from || i >= to) {
                        assertEquals(base[i], a[i], 0.0, "outside the range at " + i);
                    }
                }
                Arrays.sort(a, from, to);
                assertEquals(0, Arrays.compare(Arrays.copyOfRange(a, from, to), range), "values lost or copied");
            }
        }
    }

    /**
     * Arrays large enough for the radix step: every shape, including both zeros, negative values, subnormals,
     * infinities, a constant and a few distinct values, gives at each requested rank exactly the value a sort puts
     * there (compared with Double.compare, so -0.0 and 0.0 are told apart).
     */
    @Test
    void radixStepSelectsLikeASort() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = Selection.RADIX_MIN * 3 + 17;
        IntToDoubleFunction[] shapes = {
            i -> rnd.nextGaussian() * 1000, i -> Math.exp(rnd.nextGaussian() * 3), i -> 3.0, i -> rnd.nextInt(5) - 2,
            i -> i % 2 == 0 ? -0.0 : 0.0, i -> i, i -> n - i,
            i -> switch (rnd.nextInt(6)) {
                case 0 -> Double.POSITIVE_INFINITY;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> Double.MIN_VALUE * rnd.nextInt(100);
                case 3 -> -Double.MIN_VALUE * rnd.nextInt(100);
                case 4 -> -0.0;
                default -> rnd.nextDouble(-1e300, 1e300);
            }
        };
        int[][] rankSets = {{0}, {n - 1}, {0, 1, n - 2, n - 1}, {n / 2}, {n / 2, n / 2 + 1},
            {100, 7000, 7001, 25000, 30000, n - 1}};
        for (IntToDoubleFunction shape : shapes) {
            double[] base = values(shape, n);
            double[] sorted = base.clone();
            Arrays.sort(sorted);
            for (int[] ranks : rankSets) {
                double[] a = base.clone();
                Selection.selectAll(a, n, ranks);
                for (int k : ranks) {
                    assertEquals(0, Double.compare(sorted[k], a[k]), "rank " + k + ": " + sorted[k] + " vs " + a[k]);
                }
            }
        }
    }

    private static double[] values(IntToDoubleFunction shape, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = shape.applyAsDouble(i);
        }
        return v;
    }
}
