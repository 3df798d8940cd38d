package org.cytoarrow.report;

/**
 * Anti-aliased lines drawn straight into an RGB pixel buffer, for gate outlines.
 *
 * <p>Java2D's anti-aliased shapes go through its Marlin renderer, which is Java code: compiling it cost the JIT more
 * CPU than drawing the plots did (about 3 s of compiler time in a cold 100-file batch, and it was still being
 * recompiled after several batches in one JVM). A gate's outline is only line segments, so it is drawn here instead.
 *
 * <p>Segments are added to a coverage buffer, which keeps the largest coverage per pixel, so that a pixel where two
 * segments meet is not painted twice; {@link #paint} then blends the colour in. A pixel's coverage is
 * {@code clamp(w/2 + 0.5 - d, 0, 1)} for the distance {@code d} from its centre to the segment: a line of width
 * {@code w} with round ends, box-filtered over the pixel.
 */
final class OutlineRaster {
    private final int[] pixels;
    private final int stride;
    private final int clipX0;
    private final int clipY0;
    private final int clipX1;
    private final int clipY1;
    private final double halfWidth;
    /** Coverage in 255ths (unsigned), per pixel of the clip rectangle. */
    private final byte[] coverage;
    private int dirtyX0 = Integer.MAX_VALUE;
    private int dirtyY0 = Integer.MAX_VALUE;
    private int dirtyX1 = Integer.MIN_VALUE;
    private int dirtyY1 = Integer.MIN_VALUE;

    /**
     * Draws into {@code pixels} (rows of {@code stride} RGB ints), only inside the clip rectangle
     * [{@code x}, {@code x + w}) x [{@code y}, {@code y + h}), with lines {@code lineWidth} pixels wide.
     */
    OutlineRaster(int[] pixels, int stride, int x, int y, int w, int h, double lineWidth) {
        this.pixels = pixels;
        this.stride = stride;
        this.clipX0 = Math.max(0, x);
        this.clipY0 = Math.max(0, y);
        this.clipX1 = Math.min(stride, x + w);
        this.clipY1 = Math.min(pixels.length / stride, y + h);
        this.halfWidth = lineWidth / 2;
        this.coverage = new byte[Math.max(0, clipX1 - clipX0) * Math.max(0, clipY1 - clipY0)];
    }

    /** Adds the closed outline through the pixel positions (x[i], y[i]). */
    void polygon(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            int j = i + 1 == x.length ? 0 : i + 1;
            segment(x[i], y[i], x[j], y[j]);
        }
    }

    /**
     * Adds the segment from (ax, ay) to (bx, by), in pixel coordinates (pixel (i, j) covers [i, i + 1) x [j, j + 1)).
     * Non-finite ends are ignored.
     */
    void segment(double ax, double ay, double bx, double by) {
        if (!(Double.isFinite(ax) && Double.isFinite(ay) && Double.isFinite(bx) && Double.isFinite(by))) {
            return;
        }
        if (Math.abs(bx - ax) >= Math.abs(by - ay)) {
            sweep(ax, ay, bx, by, false);
        } else {
            sweep(ay, ax, by, bx, true);
        }
    }

    /**
     * Covers the pixels near the segment (au, av)-(bu, bv) one pixel column at a time along its major axis u (x, or
     * y when {@code transposed}), each column from the line's v across it to the reach of the line's width.
     */
    private void sweep(double au, double av, double bu, double bv, boolean transposed) {
        int clipU0 = transposed ? clipY0 : clipX0;
        int clipU1 = transposed ? clipY1 : clipX1;
        int clipV0 = transposed ? clipX0 : clipY0;
        int clipV1 = transposed ? clipX1 : clipY1;
        double reach = halfWidth + 0.5; // coverage is 0 beyond
        int u0 = Math.max(clipU0, (int) Math.floor(Math.min(au, bu) - reach));
        int u1 = Math.min(clipU1 - 1, (int) Math.ceil(Math.max(au, bu) + reach));
        // within reach of the line, measured along v: reach / cos(angle) <= reach * sqrt(2)
        double slope = bu == au ? 0 : (bv - av) / (bu - au);
        double across = reach * Math.sqrt(1 + slope * slope);
        for (int u = u0; u <= u1; u++) {
            double cu = Math.max(Math.min(au, bu), Math.min(Math.max(au, bu), u + 0.5));
            double cv = av + (cu - au) * slope;
            int v0 = Math.max(clipV0, (int) Math.floor(cv - across));
            int v1 = Math.min(clipV1 - 1, (int) Math.ceil(cv + across));
            for (int v = v0; v <= v1; v++) {
                if (transposed) {
                    cover(v, u, av, au, bv, bu);
                } else {
                    cover(u, v, au, av, bu, bv);
                }
            }
        }
    }

    private void cover(int px, int py, double ax, double ay, double bx, double by) {
        double c = halfWidth + 0.5 - distance(px + 0.5, py + 0.5, ax, ay, bx, by);
        if (c <= 0) {
            return;
        }
        int k = (py - clipY0) * (clipX1 - clipX0) + (px - clipX0);
        int covered = (int) Math.round(Math.min(1, c) * 255);
        if (covered > (coverage[k] & 0xFF)) {
            coverage[k] = (byte) covered;
        }
        dirtyX0 = Math.min(dirtyX0, px);
        dirtyX1 = Math.max(dirtyX1, px);
        dirtyY0 = Math.min(dirtyY0, py);
        dirtyY1 = Math.max(dirtyY1, py);
    }

    /** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
    static double distance(double x, double y, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
        return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
    }

    /** Blends {@code rgb} into the pixels by the coverage added so far, and starts over with no coverage. */
    void paint(int rgb) {
        int cw = clipX1 - clipX0;
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        for (int py = dirtyY0; py <= dirtyY1; py++) {
            for (int px = dirtyX0; px <= dirtyX1; px++) {
                int k = (py - clipY0) * cw + (px - clipX0);
                int a = coverage[k] & 0xFF;
                if (a > 0) {
                    coverage[k] = 0;
                    int i = py * stride + px;
                    int p = pixels[i];
                    pixels[i] = blend(p >> 16 & 0xFF, r, a) << 16 | blend(p >> 8 & 0xFF, g, a) << 8
                            | blend(p & 0xFF, b, a);
                }
            }
        }
        dirtyX0 = Integer.MAX_VALUE;
        dirtyY0 = Integer.MAX_VALUE;
        dirtyX1 = Integer.MIN_VALUE;
        dirtyY1 = Integer.MIN_VALUE;
    }

    private static int blend(int from, int to, int a) {
        return (from * (255 - a) + to * a + 127) / 255;
    }
}
