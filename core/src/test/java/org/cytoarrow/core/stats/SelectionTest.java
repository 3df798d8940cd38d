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
            double[] base = new double[n];
            for (int i = 0; i < n; i++) {
                base[i] = shape.applyAsDouble(i);
            }
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
}
