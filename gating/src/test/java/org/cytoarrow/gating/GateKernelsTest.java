package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rectangle kernels (sign-bit arithmetic) must agree bit for bit with the plain comparison
 * {@code lo <= v && v < hi} and its open-side rules. The slab polygon path (used above {@link GateKernels#SLAB_THRESHOLD} vertices) must give exactly the memberships
 * of the direct path, which the compliance suite and GatesTest pin down; random polygons on an integer grid put
 * many events exactly on edges and vertices.
 */
class GateKernelsTest {

    /** Values that sit on the bounds below, on both zeros, on both infinities and on NaNs of both signs. */
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 3.0, Double.NaN,
        Double.longBitsToDouble(0xFFF8_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextUp(1.0),
        Math.nextDown(1.0), Math.nextDown(3.0)};

    /** Bounds: finite ones equal to data values, zeros of both signs, open sides, extremes. */
    private static final double[] LOWS = {Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0, -2.5, -Double.MAX_VALUE,
        Double.MIN_VALUE, 3.0};
    private static final double[] HIGHS = {Double.POSITIVE_INFINITY, -0.0, 0.0, 3.0, 1.0, Double.MAX_VALUE,
        -Double.MIN_VALUE, 2.5};

    /** The reference: two comparisons, an open side accepts its infinity, NaN is never inside. */
    private static boolean reference(double v, double lo, double hi) {
        boolean atLeastLo = lo == Double.NEGATIVE_INFINITY ? !Double.isNaN(v) : lo <= v;
        boolean belowHi = hi == Double.POSITIVE_INFINITY ? !Double.isNaN(v) : v < hi;
        return atLeastLo && belowHi;
    }

    private static double[] column(SplittableRandom r, int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextInt(3) == 0 ? r.nextDouble(-4, 4) : SPECIAL[r.nextInt(SPECIAL.length)];
        }
        return c;
    }

    private static long[] words(int n, SplittableRandom r) {
        long[] w = new long[(n + 63) >>> 6];
        for (int k = 0; k < w.length; k++) {
            w[k] = r.nextLong();
        }
        return w;
    }

    @Test
    void rangeMatchesComparisons() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n : new int[] {0, 1, 63, 64, 65, 127, 1000, 4099}) {
            double[] x = column(r, n);
            for (double lo : LOWS) {
                for (double hi : HIGHS) {
                    for (boolean and : new boolean[] {false, true}) {
                        long[] prior = words(n, r);
                        long[] expected = new long[prior.length];
                        for (int i = 0; i < n; i++) {
                            boolean keep = !and || (prior[i >>> 6] >>> (i & 63) & 1) != 0;
                            if (keep && reference(x[i], lo, hi)) {
                                expected[i >>> 6] |= 1L << (i & 63);
                            }
                        }
                        long[] actual = prior.clone();
                        GateKernels.range(x, lo, hi, actual, n, and);
                        assertArrayEquals(expected, actual, "n=" + n + " [" + lo + ", " + hi + ") and=" + and);
                    }
                }
            }
        }
    }

    /** The one-pass divider gives exactly the two intervals on either side of it, with their open sides. */
    @Test
    void splitEqualsTheTwoIntervals() {
        SplittableRandom r = new SplittableRandom(5);
        double[] dividers = {0.0, -0.0, 1.0, -2.5, 3.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
            -Double.MIN_VALUE, Math.nextUp(1.0)};
        for (int n : new int[] {0, 1, 63, 64, 65, 1000, 4099}) {
            double[] x = column(r, n);
            for (double c : dividers) {
                long[] below = new long[(n + 63) >>> 6];
                long[] above = new long[below.length];
                GateKernels.split(x, c, below, above, n);
                long[] expectedBelow = new long[below.length];
                long[] expectedAbove = new long[below.length];
                for (int i = 0; i < n; i++) {
                    if (reference(x[i], Double.NEGATIVE_INFINITY, c)) {
                        expectedBelow[i >>> 6] |= 1L << (i & 63);
                    }
                    if (reference(x[i], c, Double.POSITIVE_INFINITY)) {
                        expectedAbove[i >>> 6] |= 1L << (i & 63);
                    }
                }
                assertArrayEquals(expectedBelow, below, "n=" + n + " below " + c);
                assertArrayEquals(expectedAbove, above, "n=" + n + " at or above " + c);
            }
        }
    }

    @Test
    void rectangleMatchesComparisons() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 400; trial++) {
            int dims = 1 + r.nextInt(5);
            int n = r.nextInt(3) == 0 ? r.nextInt(200) : r.nextInt(5000);
            double[][] columns = new double[dims][];
            List<RectangleGate.Range> ranges = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                columns[d] = column(r, n);
                ranges.add(new RectangleGate.Range(Dimension.of("D" + d), LOWS[r.nextInt(LOWS.length)],
                        HIGHS[r.nextInt(HIGHS.length)]));
            }
            long[] expected = new long[(n + 63) >>> 6];
            for (int i = 0; i < n; i++) {
                boolean in = true;
                for (int d = 0; d < dims; d++) {
                    in &= reference(columns[d][i], ranges.get(d).min(), ranges.get(d).max());
                }
                if (in) {
                    expected[i >>> 6] |= 1L << (i & 63);
                }
            }
            assertArrayEquals(expected, GateKernels.rectangle(columns, ranges, n),
                    "trial " + trial + ": " + n + " events, " + ranges);
        }
    }

    @Test
    void boxMatchesComparisons() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(700);
            double[] x = column(r, n);
            double[] y = column(r, n);
            double xlo = LOWS[r.nextInt(LOWS.length)];
            double xhi = HIGHS[r.nextInt(HIGHS.length)];
            double ylo = LOWS[r.nextInt(LOWS.length)];
            double yhi = HIGHS[r.nextInt(HIGHS.length)];
            for (boolean and : new boolean[] {false, true}) {
                long[] prior = words(n, r);
                long[] expected = new long[prior.length];
                for (int i = 0; i < n; i++) {
                    boolean keep = !and || (prior[i >>> 6] >>> (i & 63) & 1) != 0;
                    if (keep && reference(x[i], xlo, xhi) && reference(y[i], ylo, yhi)) {
                        expected[i >>> 6] |= 1L << (i & 63);
                    }
                }
                long[] actual = prior.clone();
                GateKernels.box(x, xlo, xhi, y, ylo, yhi, actual, n, and);
                assertArrayEquals(expected, actual, "trial " + trial + " and=" + and);
            }
        }
    }

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
