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
        double reach = halfWidth + 0.5; // coverage is 0 beyond
        if (Math.abs(bx - ax) >= Math.abs(by - ay)) {
            int x0 = Math.max(clipX0, (int) Math.floor(Math.min(ax, bx) - reach));
            int x1 = Math.min(clipX1 - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
            // rows within reach of the line, measured across it: reach / cos(angle) <= reach * sqrt(2)
            double slope = bx == ax ? 0 : (by - ay) / (bx - ax);
            double across = reach * Math.sqrt(1 + slope * slope);
            for (int px = x0; px <= x1; px++) {
                double cx = Math.max(Math.min(ax, bx), Math.min(Math.max(ax, bx), px + 0.5));
                double cy = ay + (cx - ax) * slope;
                int y0 = Math.max(clipY0, (int) Math.floor(cy - across));
                int y1 = Math.min(clipY1 - 1, (int) Math.ceil(cy + across));
                for (int py = y0; py <= y1; py++) {
                    cover(px, py, ax, ay, bx, by);
                }
            }
        } else {
            int y0 = Math.max(clipY0, (int) Math.floor(Math.min(ay, by) - reach));
            int y1 = Math.min(clipY1 - 1, (int) Math.ceil(Math.max(ay, by) + reach));
            double slope = (bx - ax) / (by - ay);
            double across = reach * Math.sqrt(1 + slope * slope);
            for (int py = y0; py <= y1; py++) {
                double cy = Math.max(Math.min(ay, by), Math.min(Math.max(ay, by), py + 0.5));
                double cx = ax + (cy - ay) * slope;
                int x0 = Math.max(clipX0, (int) Math.floor(cx - across));
                int x1 = Math.min(clipX1 - 1, (int) Math.ceil(cx + across));
                for (int px = x0; px <= x1; px++) {
                    cover(px, py, ax, ay, bx, by);
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
