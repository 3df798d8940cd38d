package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grid must give exactly the answers of the direct crossing test ({@link GateKernels#polygonDirect}), also for
 * events on edges and vertices, next to them (a few ulps away), in the margin around the bounding box, and for
 * NaN, infinities and signed zeros.
 */
class PolygonGridTest {

    static Stream<Arguments> polygons() {
        return Stream.of(
                Arguments.of("triangle", new double[] {0, 10, 3}, new double[] {0, 1, 8}),
                Arguments.of("square", new double[] {-1, 1, 1, -1}, new double[] {-1, -1, 1, 1}),
                Arguments.of("star8", star(8, 30_000, 30_000, 25_000), star(8, 30_000, 30_000, 25_000, true)),
                Arguments.of("star64", star(64, 0.5, 0.5, 0.3), star(64, 0.5, 0.5, 0.3, true)),
                Arguments.of("star2000 (freehand-like)", star(2000, 100, -50, 40), star(2000, 100, -50, 40, true)),
                Arguments.of("long spikes", new double[] {0, 100, 1, 100, 0, -100}, new double[] {0, 1, 2, 99, 3, 50}),
                Arguments.of("bow tie (self-intersecting)", new double[] {0, 4, 4, 0}, new double[] {0, 4, 0, 4}),
                Arguments.of("thin sliver", new double[] {0, 1000, 1000.001}, new double[] {0, 1, 1.0005}),
                Arguments.of("huge coordinates", new double[] {1e12, 3e12, 2e12}, new double[] {-1e12, -1e12, 5e12}),
                Arguments.of("collinear (no area)", new double[] {0, 1, 2}, new double[] {0, 1, 2}),
                Arguments.of("horizontal edges", new double[] {0, 2, 2, 4, 4, 0}, new double[] {0, 0, 2, 2, 3, 3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("polygons")
    void gridEqualsDirectTest(String name, double[] vx, double[] vy) {
        List<double[]> events = events(vx, vy);
        int n = events.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = events.get(i)[0];
            ys[i] = events.get(i)[1];
        }
        long[] expected = GateKernels.area2(vx, vy) == 0
                ? new long[(n + 63) >>> 6] : GateKernels.polygonDirect(xs, ys, vx, vy, n);
        long[] actual = new PolygonGrid(vx, vy).evaluate(xs, ys, n);
        assertArrayEquals(expected, actual, name);
        if (GateKernels.area2(vx, vy) != 0) {
            assertTrue(java.util.Arrays.stream(expected).anyMatch(w -> w != 0), "some events inside");
        }
    }

    /** Random events over and around the bounding box, plus every vertex, points on edges and their neighbours. */
    private static List<double[]> events(double[] vx, double[] vy) {
        double minX = java.util.Arrays.stream(vx).min().orElseThrow();
        double maxX = java.util.Arrays.stream(vx).max().orElseThrow();
        double minY = java.util.Arrays.stream(vy).min().orElseThrow();
        double maxY = java.util.Arrays.stream(vy).max().orElseThrow();
        double w = maxX - minX;
        double h = maxY - minY;
        SplittableRandom random = new SplittableRandom(3);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 100_003; i++) {
            out.add(new double[] {random.nextDouble(minX - 0.2 * w, maxX + 0.2 * w),
                    random.nextDouble(minY - 0.2 * h, maxY + 0.2 * h)});
        }
        int m = vx.length;
        for (int e = 0, p = m - 1; e < m; p = e++) {
            for (double t : new double[] {0, 0.25, 0.5, 1.0 / 3, 0.999}) {
                double x = vx[p] + t * (vx[e] - vx[p]);
                double y = vy[p] + t * (vy[e] - vy[p]);
                for (double[] d : new double[][] {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                    out.add(new double[] {step(x, (int) d[0]), step(y, (int) d[1])});
                }
            }
            // The crossing point exactly as the direct test computes it, and one ulp either side.
            double y = vy[e] + 0.37 * (vy[p] - vy[e]);
            double x = vx[e] + (y - vy[e]) * ((vx[p] - vx[e]) / (vy[p] - vy[e]));
            if (Double.isFinite(x)) {
                out.add(new double[] {x, y});
                out.add(new double[] {Math.nextUp(x), y});
                out.add(new double[] {Math.nextDown(x), y});
            }
        }
        // Just outside and on the bounding box, and special values.
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
        for (double s : specials) {
            out.add(new double[] {s, 0.5 * (minY + maxY)});
            out.add(new double[] {0.5 * (minX + maxX), s});
        }
        out.add(new double[] {minX, minY});
        out.add(new double[] {maxX, maxY});
        out.add(new double[] {Math.nextDown(minX), 0.5 * (minY + maxY)});
        out.add(new double[] {Math.nextUp(maxX), 0.5 * (minY + maxY)});
        out.add(new double[] {minX - 1e-10 * Math.max(1, Math.abs(minX)), 0.5 * (minY + maxY)});
        return out;
    }

    private static double step(double v, int direction) {
        return direction > 0 ? Math.nextUp(v) : direction < 0 ? Math.nextDown(v) : v;
    }

    private static double[] star(int k, double cx, double cy, double r) {
        return star(k, cx, cy, r, false);
    }

    private static double[] star(int k, double cx, double cy, double r, boolean yCoordinate) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            double a = 2 * Math.PI * i / k;
            double rr = (i & 1) == 0 ? r : 0.8 * r;
            v[i] = yCoordinate ? cy + rr * Math.sin(a) : cx + rr * Math.cos(a);
        }
        return v;
    }
}
