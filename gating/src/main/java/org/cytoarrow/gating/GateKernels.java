package org.cytoarrow.gating;

import java.util.List;

/**
 * The hot loops: whole columns in, packed membership words out (bit {@code i & 63} of word {@code i >>> 6} is
 * event i). Loops are branch-free over primitive arrays, 64 events per word.
 */
final class GateKernels {
    private GateKernels() {
    }

    /**
     * A rectangle: AND over dimensions of {@code lo <= x < hi} (open sides as documented in RectangleGate).
     * Dimensions go through {@link #box} two at a time, so a 2-D rectangle reads each event once and writes the
     * mask once; an odd last dimension goes through {@link #range}.
     */
    static long[] rectangle(double[][] columns, List<RectangleGate.Range> ranges, int n) {
        long[] words = new long[(n + 63) >>> 6];
        int d = 0;
        for (; d + 1 < ranges.size(); d += 2) {
            RectangleGate.Range rx = ranges.get(d);
            RectangleGate.Range ry = ranges.get(d + 1);
            box(columns[d], rx.min(), rx.max(), columns[d + 1], ry.min(), ry.max(), words, n, d > 0);
        }
        if (d < ranges.size()) {
            RectangleGate.Range r = ranges.get(d);
            range(columns[d], r.min(), r.max(), words, n, d > 0);
        }
        return words;
    }

    /*
     * Interval tests from sign bits, with no branch per event. C2 compiles a comparison such as v >= lo into a
     * branch or a conditional move depending on the branch profile; after the kernel has seen one biased gate, a
     * 50% gate ran 4x slower than this loop in a measurement, so the kernels use arithmetic only.
     *
     * For a finite c and a non-NaN v, the sign bit of v - c is 1 exactly when v < c: two different doubles never
     * subtract to zero (gradual underflow), an overflow keeps its sign (+-Infinity), and equal values give +0.0 -
     * except -0.0 - +0.0 = -0.0, which is why a zero bound is used as -0.0 (v - -0.0 is +0.0 for both zeros, so
     * -0.0 and +0.0 compare equal as in IEEE 754). An open side (infinite bound) is replaced by -0.0 too and its
     * test masked out: lowMask is 0 and highMask all ones, so it accepts everything including the infinity. As
     * every operand c is finite, v - hi is NaN exactly when v is NaN; the NaN test on it rejects NaN events.
     * Bounds are never NaN, min never +Infinity and max never -Infinity (RectangleGate.Range checks).
     */

    /** The bound to subtract: zero as -0.0 (see above), an open side as -0.0 too (its test is masked). */
    private static double operand(double bound) {
        return bound == 0 || Double.isInfinite(bound) ? -0.0 : bound;
    }

    /** All ones when the lower bound is tested, 0 for an open lower side. */
    private static long lowMask(double lo) {
        return lo == Double.NEGATIVE_INFINITY ? 0L : -1L;
    }

    /** 0 when the upper bound is tested, all ones for an open upper side. */
    private static long highMask(double hi) {
        return hi == Double.POSITIVE_INFINITY ? -1L : 0L;
    }

    /**
     * Sign bit set when {@code lo <= v < hi}, given {@code below = raw(v - operand(lo))} and
     * {@code above = raw(v - operand(hi))}.
     */
    private static long inside(long below, long above, long lowMask, long highMask) {
        long notNaN = (above & 0x7FFF_FFFF_FFFF_FFFFL) - 0x7FF0_0000_0000_0001L;
        return ~(below & lowMask) & (above | highMask) & notNaN;
    }

    /**
     * {@code words = [and ? words &] bits(lo <= x < hi)}. An infinite {@code hi} is an open side that also accepts
     * +Infinity; an infinite {@code lo} accepts -Infinity; NaN is never accepted.
     */
    static void range(double[] x, double lo, double hi, long[] words, int n, boolean and) {
        long lowMask = lowMask(lo);
        long highMask = highMask(hi);
        double l = operand(lo);
        double h = operand(hi);
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            long bits = 0;
            for (int j = 0; j < len; j++) {
                double v = x[base + j];
                long in = inside(Double.doubleToRawLongBits(v - l), Double.doubleToRawLongBits(v - h),
                        lowMask, highMask);
                bits |= (in >>> 63) << j;
            }
            words[w] = and ? words[w] & bits : bits;
        }
    }

    /**
     * {@code words = [and ? words &] bits(xlo <= x < xhi && ylo <= y < yhi)}: two {@link #range} tests fused in one
     * pass over both columns, with the same open-side and NaN rules.
     */
    static void box(double[] x, double xlo, double xhi, double[] y, double ylo, double yhi, long[] words, int n,
                    boolean and) {
        long xLowMask = lowMask(xlo);
        long xHighMask = highMask(xhi);
        long yLowMask = lowMask(ylo);
        long yHighMask = highMask(yhi);
        double xl = operand(xlo);
        double xh = operand(xhi);
        double yl = operand(ylo);
        double yh = operand(yhi);
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            long bits = 0;
            for (int j = 0; j < len; j++) {
                double u = x[base + j];
                double v = y[base + j];
                long in = inside(Double.doubleToRawLongBits(u - xl), Double.doubleToRawLongBits(u - xh),
                        xLowMask, xHighMask)
                        & inside(Double.doubleToRawLongBits(v - yl), Double.doubleToRawLongBits(v - yh),
                        yLowMask, yHighMask);
                bits |= (in >>> 63) << j;
            }
            words[w] = and ? words[w] & bits : bits;
        }
    }

    /**
     * The two sides of one divider in one pass, with the interval arithmetic above: {@code below} gets the bits of
     * {@code x < c} and {@code atOrAbove} those of {@code x >= c}, exactly as {@code range(x, -Infinity, c)} and
     * {@code range(x, c, +Infinity)} would. {@code c} must be finite.
     */
    static void split(double[] x, double c, long[] below, long[] atOrAbove, int n) {
        double h = operand(c);
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            long lt = 0;
            long ge = 0;
            for (int j = 0; j < len; j++) {
                long d = Double.doubleToRawLongBits(x[base + j] - h);
                lt |= (inside(0L, d, 0L, 0L) >>> 63) << j;     // open low side, tested high side c
                ge |= (inside(d, d, -1L, -1L) >>> 63) << j;    // tested low side c, open high side
            }
            below[w] = lt;
            atOrAbove[w] = ge;
        }
    }

    /*
     * Branch-free comparisons for the polygon and ellipsoid loops. Gates see random data, so compare-and-branch
     * mispredicts about half the time and the JIT does not reliably turn these conditionals into conditional moves;
     * sign bits do the same job exactly.
     * For non-NaN a, b: a < b iff a - b < 0, and a - b is never zero for a != b (gradual underflow); adding +0.0
     * turns -0.0 into +0.0 so that -0.0 < +0.0 stays false as in IEEE 754. NaN inputs are masked with notNaN.
     */

    /** 1 when {@code d < 0}, else 0 (d not NaN). */
    static long negative(double d) {
        return Double.doubleToRawLongBits(d + 0.0) >>> 63;
    }

    /** 1 when {@code v} is not NaN (infinities included), else 0. */
    static long notNaN(double v) {
        return ((Double.doubleToRawLongBits(v) & 0x7FFF_FFFF_FFFF_FFFFL) - 0x7FF0_0000_0000_0001L) >>> 63;
    }

    /** Even-odd polygon test with half-open edges (see PolygonGate). */
    static long[] polygon(double[] xs, double[] ys, List<PolygonGate.Vertex> vertices, int n) {
        long[] words = new long[(n + 63) >>> 6];
        int m = vertices.size();
        double[] vx = xs(vertices);
        double[] vy = ys(vertices);
        if (area2(vx, vy) == 0) {
            return words; // degenerate: no area, nothing inside
        }
        if (n >= GRID_MIN_EVENTS) {
            return PolygonGrid.of(vertices).evaluate(xs, ys, n);
        }
        return m > SLAB_THRESHOLD ? polygonBySlabs(xs, ys, vx, vy, n) : polygonDirect(xs, ys, vx, vy, n);
    }

    /** From this many events on, a polygon is tested through its {@link PolygonGrid} (same results, faster). */
    static final int GRID_MIN_EVENTS = 4096;

    /** Every event against every edge. */
    static long[] polygonDirect(double[] xs, double[] ys, double[] vx, double[] vy, int n) {
        int m = vx.length;
        long[] words = new long[(n + 63) >>> 6];
        double[] ex = new double[m];
        double[] ey = new double[m];
        double[] ey2 = new double[m];
        double[] ek = new double[m];
        for (int e = 0, p = m - 1; e < m; p = e++) {
            ex[e] = vx[e];
            ey[e] = vy[e];
            ey2[e] = vy[p];
            // Inverse slope; infinite or NaN for a horizontal edge, which never crosses (its y-range is empty).
            ek[e] = (vx[p] - vx[e]) / (vy[p] - vy[e]);
        }
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            words[w] = polygonWord(xs, ys, w << 6, 64, ex, ey, ey2, ek);
        }
        if ((n & 63) != 0) {
            words[full] = polygonWord(xs, ys, full << 6, n & 63, ex, ey, ey2, ek);
        }
        return words;
    }

    /**
     * Crossing parity of up to 64 events: an edge from (xi, yi) to (.., yj) counts when y lies in its half-open
     * y-range ({@code (yi > y) != (yj > y)}) and the event is strictly left of the crossing point.
     */
    private static long polygonWord(double[] xs, double[] ys, int base, int len, double[] ex, double[] ey,
                                    double[] ey2, double[] ek) {
        long inside = 0;
        for (int e = 0; e < ex.length; e++) {
            double xi = ex[e];
            double yi = ey[e];
            double yj = ey2[e];
            double k = ek[e];
            long bits = 0;
            for (int j = 0; j < len; j++) {
                double y = ys[base + j];
                long crosses = negative(y - yi) ^ negative(y - yj);
                long left = negative(xs[base + j] - (xi + (y - yi) * k));
                bits |= (crosses & left) << j;
            }
            inside ^= bits;
        }
        long valid = 0;
        for (int j = 0; j < len; j++) {
            valid |= (notNaN(xs[base + j]) & notNaN(ys[base + j])) << j;
        }
        return inside & valid;
    }

    /** Polygons with more vertices than this are evaluated through horizontal slabs. */
    static final int SLAB_THRESHOLD = 16;

    /**
     * The same crossing rule as {@link #polygonWord}, but each event only tests the edges of its horizontal slab.
     * Slabs are the bands between consecutive distinct vertex y values; every edge either spans a slab or misses
     * it, so an event with {@code b[s] <= y < b[s+1]} crosses exactly the edges spanning slab s (the half-open
     * y-range rule), and the crossing point is computed with the same operands as in the direct loop: results are
     * identical, at O(log m + edges per slab) per event instead of O(m).
     */
    static long[] polygonBySlabs(double[] xs, double[] ys, double[] vx, double[] vy, int n) {
        int m = vx.length;
        double[] b = java.util.Arrays.stream(vy).distinct().sorted().toArray();
        int slabs = b.length - 1;
        int width = 0;
        int[] count = new int[slabs];
        for (int e = 0, p = m - 1; e < m; p = e++) {
            for (int s = 0; s < slabs; s++) {
                if (Math.min(vy[e], vy[p]) <= b[s] && Math.max(vy[e], vy[p]) >= b[s + 1]) {
                    width = Math.max(width, ++count[s]);
                }
            }
        }
        // Padding edges never count: x < -Infinity + (y - 0) * 0 is false for every finite y.
        double[] ex = new double[slabs * width];
        double[] ey = new double[slabs * width];
        double[] ek = new double[slabs * width];
        java.util.Arrays.fill(ex, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(count, 0);
        for (int e = 0, p = m - 1; e < m; p = e++) {
            for (int s = 0; s < slabs; s++) {
                if (Math.min(vy[e], vy[p]) <= b[s] && Math.max(vy[e], vy[p]) >= b[s + 1]) {
                    int at = s * width + count[s]++;
                    ex[at] = vx[e];
                    ey[at] = vy[e];
                    ek[at] = (vx[p] - vx[e]) / (vy[p] - vy[e]);
                }
            }
        }
        long[] words = new long[(n + 63) >>> 6];
        double first = b[0];
        double last = b[slabs];
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            long bits = 0;
            for (int j = 0; j < len; j++) {
                double x = xs[base + j];
                double y = ys[base + j];
                // Branch-free search for the last bound <= y.
                int lo = 0;
                for (int size = b.length; size > 1; ) {
                    int half = size >>> 1;
                    lo += half & ((int) negative(y - b[lo + half]) - 1);
                    size -= half;
                }
                int at = Math.min(lo, slabs - 1) * width;
                long inside = 0;
                for (int t = 0; t < width; t++) {
                    inside ^= negative(x - (ex[at + t] + (y - ey[at + t]) * ek[at + t]));
                }
                long inRange = (negative(y - first) ^ 1L) & negative(y - last) & notNaN(x) & notNaN(y);
                bits |= (inside & inRange) << j;
            }
            words[w] = bits;
        }
        return words;
    }

    /** The x coordinates of {@code vertices}, in order. */
    static double[] xs(List<PolygonGate.Vertex> vertices) {
        return vertices.stream().mapToDouble(PolygonGate.Vertex::x).toArray();
    }

    /** The y coordinates of {@code vertices}, in order. */
    static double[] ys(List<PolygonGate.Vertex> vertices) {
        return vertices.stream().mapToDouble(PolygonGate.Vertex::y).toArray();
    }

    /** Twice the signed area (shoelace). */
    static double area2(double[] vx, double[] vy) {
        double s = 0;
        for (int i = 0, p = vx.length - 1; i < vx.length; p = i++) {
            s += (vx[p] - vx[i]) * (vy[p] + vy[i]);
        }
        return s;
    }

    /** Ellipsoid: {@code (x-mu)^T inv (x-mu) <= d2}. */
    static long[] ellipsoid(double[][] columns, double[] mean, double[][] inv, double d2, int n) {
        long[] words = new long[(n + 63) >>> 6];
        int k = mean.length;
        if (k == 2) {
            double[] xs = columns[0];
            double[] ys = columns[1];
            double mx = mean[0];
            double my = mean[1];
            double a = inv[0][0];
            double b = inv[0][1] + inv[1][0];
            double c = inv[1][1];
            for (int w = 0, base = 0; base < n; w++, base += 64) {
                int len = Math.min(64, n - base);
                long bits = 0;
                for (int j = 0; j < len; j++) {
                    double dx = xs[base + j] - mx;
                    double dy = ys[base + j] - my;
                    double q = a * dx * dx + b * dx * dy + c * dy * dy;
                    bits |= ((negative(d2 - q) ^ 1L) & notNaN(q)) << j;
                }
                words[w] = bits;
            }
            return words;
        }
        double[][] diff = new double[k][64];
        double[] q = new double[64];
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            for (int d = 0; d < k; d++) {
                double[] col = columns[d];
                double mu = mean[d];
                double[] df = diff[d];
                for (int j = 0; j < len; j++) {
                    df[j] = col[base + j] - mu;
                }
            }
            java.util.Arrays.fill(q, 0);
            for (int r = 0; r < k; r++) {
                double[] dr = diff[r];
                for (int c = 0; c < k; c++) {
                    double coef = inv[r][c];
                    double[] dc = diff[c];
                    for (int j = 0; j < len; j++) {
                        q[j] += coef * dr[j] * dc[j];
                    }
                }
            }
            long bits = 0;
            for (int j = 0; j < len; j++) {
                bits |= ((negative(d2 - q[j]) ^ 1L) & notNaN(q[j])) << j;
            }
            words[w] = bits;
        }
        return words;
    }
}
