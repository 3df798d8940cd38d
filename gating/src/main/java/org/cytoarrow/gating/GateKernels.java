package org.cytoarrow.gating;

import java.util.List;

/**
 * The hot loops: whole columns in, packed membership words out (bit {@code i & 63} of word {@code i >>> 6} is
 * event i). Loops are branch-free over primitive arrays, 64 events per word.
 */
final class GateKernels {
    private GateKernels() {
    }

    /** A rectangle: AND over dimensions of {@code lo <= x < hi} (open sides as documented in RectangleGate). */
    static long[] rectangle(double[][] columns, List<RectangleGate.Range> ranges, int n) {
        long[] words = new long[(n + 63) >>> 6];
        for (int d = 0; d < ranges.size(); d++) {
            RectangleGate.Range r = ranges.get(d);
            range(columns[d], r.min(), r.max(), words, n, d > 0);
        }
        return words;
    }

    /**
     * {@code words = [and ? words &] bits(lo <= x < hi)}. An infinite {@code hi} is an open side that also accepts
     * +Infinity; an infinite {@code lo} accepts -Infinity; NaN is never accepted.
     */
    static void range(double[] x, double lo, double hi, long[] words, int n, boolean and) {
        boolean openHigh = hi == Double.POSITIVE_INFINITY;
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            int base = w << 6;
            long bits = openHigh ? atLeast(x, base, 64, lo) : within(x, base, 64, lo, hi);
            words[w] = and ? words[w] & bits : bits;
        }
        int rem = n & 63;
        if (rem != 0) {
            int base = full << 6;
            long bits = openHigh ? atLeast(x, base, rem, lo) : within(x, base, rem, lo, hi);
            words[full] = and ? words[full] & bits : bits;
        }
    }

    private static long within(double[] x, int base, int len, double lo, double hi) {
        long bits = 0;
        for (int j = 0; j < len; j++) {
            double v = x[base + j];
            bits |= ((v >= lo & v < hi) ? 1L : 0L) << j;
        }
        return bits;
    }

    private static long atLeast(double[] x, int base, int len, double lo) {
        long bits = 0;
        for (int j = 0; j < len; j++) {
            bits |= (x[base + j] >= lo ? 1L : 0L) << j;
        }
        return bits;
    }

    /** Even-odd polygon test with half-open edges (see PolygonGate). */
    static long[] polygon(double[] xs, double[] ys, List<PolygonGate.Vertex> vertices, int n) {
        long[] words = new long[(n + 63) >>> 6];
        int m = vertices.size();
        double[] vx = new double[m];
        double[] vy = new double[m];
        for (int i = 0; i < m; i++) {
            vx[i] = vertices.get(i).x();
            vy[i] = vertices.get(i).y();
        }
        if (area2(vx, vy) == 0) {
            return words; // degenerate: no area, nothing inside
        }
        int[] acc = new int[64];
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            java.util.Arrays.fill(acc, 0);
            for (int e = 0, p = m - 1; e < m; p = e++) {
                double xi = vx[e];
                double yi = vy[e];
                double yj = vy[p];
                // Inverse slope; for a horizontal edge it is infinite or NaN, but then crosses is always false.
                double k = (vx[p] - xi) / (yj - yi);
                for (int j = 0; j < len; j++) {
                    double y = ys[base + j];
                    double x = xs[base + j];
                    boolean crosses = (yi > y) != (yj > y);
                    boolean right = x < xi + (y - yi) * k;
                    acc[j] ^= (crosses & right) ? 1 : 0;
                }
            }
            long bits = 0;
            for (int j = 0; j < len; j++) {
                bits |= ((long) acc[j]) << j;
            }
            words[w] = bits;
        }
        return words;
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
                    bits |= (q <= d2 ? 1L : 0L) << j;
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
                bits |= (q[j] <= d2 ? 1L : 0L) << j;
            }
            words[w] = bits;
        }
        return words;
    }
}
