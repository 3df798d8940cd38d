package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The slab polygon path (used above {@link GateKernels#SLAB_THRESHOLD} vertices) must give exactly the memberships
 * of the direct path, which the compliance suite and GatesTest pin down; random polygons on an integer grid put
 * many events exactly on edges and vertices.
 */
class GateKernelsTest {

    @Test
    void slabPolygonEqualsDirectPolygon() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 5000;
        for (int trial = 0; trial < 200; trial++) {
            int m = 3 + r.nextInt(60);
            double[] vx = new double[m];
            double[] vy = new double[m];
            for (int i = 0; i < m; i++) {
                vx[i] = r.nextInt(21);
                vy[i] = r.nextInt(21);
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = r.nextInt(10);
                xs[i] = kind < 6 ? r.nextInt(-1, 22) : r.nextDouble(-1, 22);
                ys[i] = kind < 5 ? r.nextInt(-1, 22) : r.nextDouble(-1, 22);
                if (kind == 9) {
                    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
                    if (r.nextBoolean()) {
                        xs[i] = special[r.nextInt(4)];
                    } else {
                        ys[i] = special[r.nextInt(4)];
                    }
                }
            }
            if (GateKernels.area2(vx, vy) == 0 || java.util.Arrays.stream(vy).distinct().count() < 2) {
                continue;
            }
            assertArrayEquals(GateKernels.polygonDirect(xs, ys, vx, vy, n),
                    GateKernels.polygonBySlabs(xs, ys, vx, vy, n), "trial " + trial + ", " + m + " vertices");
        }
    }
}
