package org.cytoarrow.gating;

import static org.cytoarrow.gating.GateKernels.negative;
import static org.cytoarrow.gating.GateKernels.notNaN;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A polygon prepared for fast membership tests: the crossing rule of {@link PolygonGate} answered by a grid.
 *
 * <p>The polygon's bounding box, widened by a small margin, is cut into {@value #CELLS} x {@value #CELLS} cells.
 * A cell that no edge comes near (no edge meets the cell widened by the margin) has one answer for every point in
 * it, which the exact test gives at its centre. Events outside the widened box are outside (a bounded polygon holds
 * no point outside its bounding box). So most events cost one table lookup; only events in cells an edge touches
 * run the exact test, and only against the edges whose y-range meets their row of cells (the others cannot count).
 *
 * <p>Why the grid gives exactly the answers of the direct test: the direct test compares the event's x with each
 * edge's crossing point {@code xi + (y - yi)·k}, rounded by at most a few ulps of the polygon's coordinates, and
 * its other comparisons are exact. An event in an untouched cell is more than the margin (1e-9 of the polygon's
 * coordinate scale, millions of ulps) away horizontally from every edge, so none of its comparisons can round the
 * other way, and its result equals the cell centre's. An event whose rounded cell index is off by one lies within
 * a few ulps of that cell, well inside the margin. The classification of cells is itself conservative: an edge is
 * taken to touch a cell unless all four corners of the widened cell lie clearly on one side of its line, or the
 * edge's bounding box misses the widened cell.
 */
final class PolygonGrid {
    /** Cells per side. 128 x 128 one-byte cells stay in L1/L2. */
    static final int CELLS = 128;
    private static final byte OUT = 0;
    private static final byte IN = 1;
    private static final byte EDGE = 2;

    private final double[] ex;
    private final double[] ey;
    private final double[] ey2;
    private final double[] ek;
    private final double x0;
    private final double y0;
    private final double x1;
    private final double y1;
    private final double sx;
    private final double sy;
    private final byte[] cells;
    /**
     * Per row of cells, the edges whose y-range may meet the row (widened by the margin), as index lists:
     * {@code rowEdges[rowStart[r] .. rowStart[r + 1])}. An edge left out of a row has a y-range that holds no y of
     * that row, so its crossing term there is exactly 0 and leaving it out changes no result.
     */
    private final int[] rowStart = new int[CELLS + 1];
    private int[] rowEdges = new int[0];
    private final boolean empty;

    /** Grids already built, by vertex list (a grid costs well under a millisecond for usual polygons). */
    private static final Map<List<PolygonGate.Vertex>, PolygonGrid> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;

    /** The grid of a polygon: from the cache, or built and cached (bounded; cleared when full). */
    static PolygonGrid of(List<PolygonGate.Vertex> vertices) {
        PolygonGrid grid = CACHE.get(vertices);
        if (grid == null) {
            grid = new PolygonGrid(GateKernels.xs(vertices), GateKernels.ys(vertices));
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.putIfAbsent(List.copyOf(vertices), grid);
        }
        return grid;
    }

    /** Prepares the polygon with vertices (vx[i], vy[i]); a polygon without area selects nothing. */
    PolygonGrid(double[] vx, double[] vy) {
        int m = vx.length;
        ex = new double[m];
        ey = new double[m];
        ey2 = new double[m];
        ek = new double[m];
        for (int e = 0, p = m - 1; e < m; p = e++) {
            ex[e] = vx[e];
            ey[e] = vy[e];
            ey2[e] = vy[p];
            // Inverse slope; infinite or NaN for a horizontal edge, which never crosses (its y-range is empty).
            ek[e] = (vx[p] - vx[e]) / (vy[p] - vy[e]);
        }
        empty = GateKernels.area2(vx, vy) == 0;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            minX = Math.min(minX, vx[i]);
            maxX = Math.max(maxX, vx[i]);
            minY = Math.min(minY, vy[i]);
            maxY = Math.max(maxY, vy[i]);
            scale = Math.max(scale, Math.max(Math.abs(vx[i]), Math.abs(vy[i])));
        }
        double margin = 1e-9 * Math.max(scale, Double.MIN_NORMAL);
        x0 = minX - margin;
        y0 = minY - margin;
        x1 = maxX + margin;
        y1 = maxY + margin;
        sx = CELLS / (x1 - x0);
        sy = CELLS / (y1 - y0);
        cells = new byte[CELLS * CELLS];
        if (!empty) {
            indexRows(vy, margin);
            classify(vx, vy, margin);
        }
    }

    /** Fills {@link #rowStart} and {@link #rowEdges} (generously: one extra row on each side). */
    private void indexRows(double[] vy, double margin) {
        int m = vy.length;
        double h = (y1 - y0) / CELLS;
        int[] from = new int[m];
        int[] to = new int[m];
        for (int e = 0, p = m - 1; e < m; p = e++) {
            from[e] = cell((Math.min(vy[p], vy[e]) - margin - y0) / h - 1);
            to[e] = cell((Math.max(vy[p], vy[e]) + margin - y0) / h + 1);
            for (int r = from[e]; r <= to[e]; r++) {
                rowStart[r + 1]++;
            }
        }
        for (int r = 0; r < CELLS; r++) {
            rowStart[r + 1] += rowStart[r];
        }
        rowEdges = new int[rowStart[CELLS]];
        int[] next = java.util.Arrays.copyOf(rowStart, CELLS);
        for (int e = 0; e < m; e++) {
            for (int r = from[e]; r <= to[e]; r++) {
                rowEdges[next[r]++] = e;
            }
        }
    }

    /**
     * Marks the cells edges may touch (each edge is tested only against the cells near its bounding box), then
     * gives every other cell its answer. Two untouched cells side by side in a row have the same answer: the segment
     * between their centres lies inside the two cells, which no edge meets. So each row needs the exact test only
     * once after each run of touched cells, and a grid costs about O(cells near edges · vertices), not
     * O(all cells · vertices).
     */
    private void classify(double[] vx, double[] vy, double margin) {
        int m = vx.length;
        double w = (x1 - x0) / CELLS;
        double h = (y1 - y0) / CELLS;
        for (int e = 0, p = m - 1; e < m; p = e++) {
            int ixFrom = cell((Math.min(vx[p], vx[e]) - margin - x0) / w - 1);
            int ixTo = cell((Math.max(vx[p], vx[e]) + margin - x0) / w + 1);
            int iyFrom = cell((Math.min(vy[p], vy[e]) - margin - y0) / h - 1);
            int iyTo = cell((Math.max(vy[p], vy[e]) + margin - y0) / h + 1);
            for (int iy = iyFrom; iy <= iyTo; iy++) {
                double cy0 = y0 + iy * h - margin;
                double cy1 = y0 + (iy + 1) * h + margin;
                for (int ix = ixFrom; ix <= ixTo; ix++) {
                    if (cells[iy * CELLS + ix] != EDGE && touches(vx[p], vy[p], vx[e], vy[e],
                            x0 + ix * w - margin, cy0, x0 + (ix + 1) * w + margin, cy1)) {
                        cells[iy * CELLS + ix] = EDGE;
                    }
                }
            }
        }
        for (int iy = 0; iy < CELLS; iy++) {
            long answer = -1;
            for (int ix = 0; ix < CELLS; ix++) {
                int at = iy * CELLS + ix;
                if (cells[at] == EDGE) {
                    answer = -1;
                    continue;
                }
                if (answer < 0) {
                    answer = exact(x0 + (ix + 0.5) * w, y0 + (iy + 0.5) * h, iy);
                }
                cells[at] = answer != 0 ? IN : OUT;
            }
        }
    }

    /** A cell index from a (possibly out-of-range or rounded) cell coordinate, clamped to the grid. */
    private static int cell(double coordinate) {
        return (int) Math.max(0, Math.min(CELLS - 1, Math.floor(coordinate)));
    }

    /**
     * Whether segment (ax, ay)-(bx, by) may meet the box: false only when the segment's bounding box misses the box
     * or all four corners are clearly on one side of the segment's line.
     */
    private static boolean touches(double ax, double ay, double bx, double by, double cx0, double cy0, double cx1,
                                   double cy1) {
        if (Math.max(ax, bx) < cx0 || Math.min(ax, bx) > cx1 || Math.max(ay, by) < cy0 || Math.min(ay, by) > cy1) {
            return false;
        }
        double dx = bx - ax;
        double dy = by - ay;
        double s1 = dx * (cy0 - ay) - dy * (cx0 - ax);
        double s2 = dx * (cy0 - ay) - dy * (cx1 - ax);
        double s3 = dx * (cy1 - ay) - dy * (cx0 - ax);
        double s4 = dx * (cy1 - ay) - dy * (cx1 - ax);
        double tolerance = 1e-12 * (Math.abs(dx) + Math.abs(dy))
                * (Math.abs(cx1 - ax) + Math.abs(cx0 - ax) + Math.abs(cy1 - ay) + Math.abs(cy0 - ay));
        boolean allAbove = s1 > tolerance && s2 > tolerance && s3 > tolerance && s4 > tolerance;
        boolean allBelow = s1 < -tolerance && s2 < -tolerance && s3 < -tolerance && s4 < -tolerance;
        return !(allAbove || allBelow);
    }

    /**
     * The crossing rule for a point whose y lies in cell row {@code row} (or within the margin of it), with the
     * operands of the direct kernel, over the edges that can cross that row: 1 inside, 0 outside.
     */
    long exact(double x, double y, int row) {
        long inside = 0;
        for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++) {
            int e = rowEdges[k];
            long crosses = negative(y - ey[e]) ^ negative(y - ey2[e]);
            long left = negative(x - (ex[e] + (y - ey[e]) * ek[e]));
            inside ^= crosses & left;
        }
        return inside & notNaN(x) & notNaN(y);
    }

    /** Membership words of events 0..n-1 (bit {@code i & 63} of word {@code i >>> 6}). */
    long[] evaluate(double[] xs, double[] ys, int n) {
        long[] words = new long[(n + 63) >>> 6];
        if (empty) {
            return words;
        }
        byte[] c = cells;
        for (int w = 0, base = 0; base < n; w++, base += 64) {
            int len = Math.min(64, n - base);
            long bits = 0;
            long edge = 0;
            for (int j = 0; j < len; j++) {
                double x = xs[base + j];
                double y = ys[base + j];
                // Inside the widened box (NaN and infinities are not).
                long inBox = (negative(x - x0) | negative(x1 - x) | negative(y - y0) | negative(y1 - y)) ^ 1L;
                inBox &= notNaN(x) & notNaN(y);
                int ix = Math.min(CELLS - 1, Math.max(0, (int) ((x - x0) * sx)));
                int iy = Math.min(CELLS - 1, Math.max(0, (int) ((y - y0) * sy)));
                long cell = c[iy * CELLS + ix] & -inBox;
                bits |= (cell & IN) << j;
                edge |= (cell >>> 1) << j;
            }
            while (edge != 0) {
                int j = Long.numberOfTrailingZeros(edge);
                edge &= edge - 1;
                double y = ys[base + j];
                int iy = Math.min(CELLS - 1, Math.max(0, (int) ((y - y0) * sy)));
                bits |= exact(xs[base + j], y, iy) << j;
            }
            words[w] = bits;
        }
        return words;
    }
}
