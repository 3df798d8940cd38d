package org.cytoarrow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.io.AtomicFile;

/**
 * Draws {@link PlotSpec}s with plain Java2D: a pseudocolour density dot plot (events binned to pixels, colour by
 * log density, FlowJo style) or a histogram, with gate outlines, a label, axis titles and tick labels.
 *
 * <p>Binning is one pass over the parent mask's set bits into an {@code int[]} grid; the grid is written
 * straight into the image's pixel array, so the cost is dominated by the number of events (about 1M events in
 * a few milliseconds). Gate outlines are drawn anti-aliased into the same pixels by {@link OutlineRaster}; Java2D
 * draws the text and the axis-aligned rest without anti-aliasing. Stateless and thread-safe.
 */
public final class PlotRenderer {
    static final int LEFT = 62;
    static final int RIGHT = 14;
    static final int TOP = 26;
    static final int BOTTOM = 44;

    private static final Color AXIS = new Color(60, 60, 60);
    private static final int GATE = 0x000000;
    private static final Color HIST_FILL = new Color(150, 160, 175);
    private static final Color HIST_LINE = new Color(45, 55, 72);
    private static final Color SHADE = new Color(255, 140, 0, 70);

    private final int width;
    private final int height;
    private final PlotText text;

    /**
     * A renderer of {@code width x height} pixel images; at least 120 x 120. On a JVM that cannot render fonts
     * the plots are drawn without text (one warning is logged; see {@link PlotText}).
     */
    public PlotRenderer(int width, int height) {
        this(width, height, PlotText.SHARED);
    }

    PlotRenderer(int width, int height, PlotText text) {
        if (width < 120 || height < 120) {
            throw new IllegalArgumentException("Plot must be at least 120x120 pixels, was " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.text = text;
    }

    /** A renderer of 360 x 360 pixel images. */
    public PlotRenderer() {
        this(360, 360);
    }

    /** Draws {@code spec} into a new RGB image. */
    public BufferedImage render(PlotSpec spec) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Graphics2D g = img.createGraphics();
        try {
            // Shapes are axis-aligned except gate outlines, which OutlineRaster draws anti-aliased: Java2D's
            // anti-aliasing would make the JIT compile its Marlin renderer, which costs more than the plots.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Frame f = new Frame(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM, spec.xRange(),
                    spec.isHistogram() ? null : spec.yRange());
            if (spec.isHistogram()) {
                drawHistogram(g, pixels, f, spec);
            } else {
                paintDensity(pixels, width, f, spec);
                drawAxes(g, text, f, spec);
                drawGates(g, pixels, text, f, spec);
            }
            drawTitle(g, spec.title());
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders {@code spec} and writes it as a PNG to {@code file}, atomically (temp file + rename). */
    public void writePng(PlotSpec spec, Path file) throws IOException {
        BufferedImage img = render(spec);
        AtomicOutput.write(file, out -> PngEncoder.write(img, out));
    }

    /**
     * Renders {@code spec} and writes it as a PNG next to {@code file}, staged: {@link AtomicOutput#commit} puts it
     * in place.
     */
    public AtomicFile.Staged stagePng(PlotSpec spec, Path file) throws IOException {
        BufferedImage img = render(spec);
        return AtomicOutput.stage(file, out -> PngEncoder.write(img, out));
    }

    /** The plot area in pixels and the data ranges it shows. */
    record Frame(int left, int top, int w, int h, Range x, Range y) {
        double px(double v) {
            return left + (v - x.min()) / x.span() * w;
        }

        double py(double v) {
            return top + h - (v - y.min()) / y.span() * h;
        }
    }

    /** Bin size in pixels: bigger bins for fewer events so sparse populations stay visible. */
    static int binSize(int events) {
        return events < 20_000 ? 3 : events < 300_000 ? 2 : 1;
    }

    /**
     * Counts events of {@code parent} per bin of {@code nx x ny} bins over the ranges; values outside a range
     * go to the edge bin, NaN values are skipped. Row 0 is the lowest y.
     */
    static int[] bin(double[] x, double[] y, EventMask parent, Range xr, Range yr, int nx, int ny) {
        int[] counts = new int[nx * ny];
        double sx = nx / xr.span();
        double sy = ny / yr.span();
        double x0 = xr.min();
        double y0 = yr.min();
        int mx = nx - 1;
        int my = ny - 1;
        if (parent == null) {
            for (int i = 0; i < x.length; i++) {
                add(counts, x[i], y[i], x0, y0, sx, sy, mx, my, nx);
            }
            return counts;
        }
        for (int w = 0, words = EventMask.wordCount(parent.size()); w < words; w++) {
            long bits = parent.word(w);
            int base = w << 6;
            while (bits != 0) {
                int i = base + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                add(counts, x[i], y[i], x0, y0, sx, sy, mx, my, nx);
            }
        }
        return counts;
    }

    private static void add(int[] counts, double xv, double yv, double x0, double y0, double sx, double sy, int mx,
            int my, int nx) {
        double fx = (xv - x0) * sx;
        double fy = (yv - y0) * sy;
        if (fx != fx || fy != fy) {
            return; // NaN
        }
        int bx = fx < 0 ? 0 : fx >= mx ? mx : (int) fx;
        int by = fy < 0 ? 0 : fy >= my ? my : (int) fy;
        counts[by * nx + bx]++;
    }

    private static void paintDensity(int[] pixels, int stride, Frame f, PlotSpec spec) {
        int bin = binSize(spec.eventCount());
        int nx = Math.max(1, f.w() / bin);
        int ny = Math.max(1, f.h() / bin);
        int[] counts = bin(spec.x(), spec.y(), spec.parent(), spec.xRange(), spec.yRange(), nx, ny);
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        double logMax = max > 1 ? Math.log(max) : 0;
        int[] colour = new int[Math.max(1, max + 1)];
        for (int c = 1; c <= max && c < colour.length; c++) {
            colour[c] = ColorMap.forCount(c, logMax);
        }
        for (int by = 0; by < ny; by++) {
            int yTop = f.top() + f.h() - (by + 1) * f.h() / ny;
            int yEnd = f.top() + f.h() - by * f.h() / ny;
            for (int bx = 0; bx < nx; bx++) {
                int c = counts[by * nx + bx];
                if (c == 0) {
                    continue;
                }
                int rgb = colour[c];
                int xStart = f.left() + bx * f.w() / nx;
                int xEnd = f.left() + (bx + 1) * f.w() / nx;
                for (int py = yTop; py < yEnd; py++) {
                    int row = py * stride;
                    for (int px = xStart; px < xEnd; px++) {
                        pixels[row + px] = rgb;
                    }
                }
            }
        }
    }

    private void drawHistogram(Graphics2D g, int[] pixels, Frame f0, PlotSpec spec) {
        int bins = Math.max(8, f0.w() / 2);
        int[] counts = bin1d(spec.x(), spec.parent(), spec.xRange(), bins);
        Range yr = new Range(0, max(counts) * 1.08);
        Frame f = new Frame(f0.left(), f0.top(), f0.w(), f0.h(), f0.x(), yr);
        for (GateShape s : spec.gates()) {
            if (s instanceof GateShape.Interval iv) {
                Rectangle2D r = clipX(f, iv.min(), iv.max());
                g.setColor(SHADE);
                g.fill(r);
            }
        }
        Path2D area = histogramArea(counts, f);
        g.setColor(HIST_FILL);
        g.fill(area);
        g.setColor(HIST_LINE);
        g.setStroke(new BasicStroke(1f));
        g.draw(area);
        drawAxes(g, text, f, spec.xLabel(), "count", Ticks.scaled(f.x(), spec.xScale(), 5), Ticks.plain(yr, 5));
        OutlineRaster lines = gateLines(pixels, f);
        Point2D anchor = null;
        for (GateShape s : spec.gates()) {
            if (s instanceof GateShape.Interval iv) {
                Point2D a = drawGate(lines, f, iv);
                anchor = anchor == null ? a : anchor;
            }
        }
        lines.paint(GATE);
        if (anchor != null) {
            drawLabel(g, text, f, spec.label(), anchor);
        }
    }

    /** The largest count, at least 1. */
    private static int max(int[] counts) {
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }

    /** The histogram's outline: a step for each bin, closed along the x axis. */
    private static Path2D histogramArea(int[] counts, Frame f) {
        int bins = counts.length;
        Path2D.Double area = new Path2D.Double();
        area.moveTo(f.left(), f.py(0));
        for (int b = 0; b < bins; b++) {
            double xa = f.left() + (double) b * f.w() / bins;
            double xb = f.left() + (double) (b + 1) * f.w() / bins;
            double yv = f.py(counts[b]);
            area.lineTo(xa, yv);
            area.lineTo(xb, yv);
        }
        area.lineTo(f.left() + f.w(), f.py(0));
        area.closePath();
        return area;
    }

    /** 1-D counts of {@code parent}'s events in {@code bins} bins over {@code xr}; NaN skipped, edges piled. */
    static int[] bin1d(double[] x, EventMask parent, Range xr, int bins) {
        int[] counts = new int[bins];
        double s = bins / xr.span();
        double x0 = xr.min();
        int m = bins - 1;
        if (parent == null) {
            for (double v : x) {
                add1(counts, v, x0, s, m);
            }
            return counts;
        }
        for (int w = 0, words = EventMask.wordCount(parent.size()); w < words; w++) {
            long bits = parent.word(w);
            int base = w << 6;
            while (bits != 0) {
                int i = base + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                add1(counts, x[i], x0, s, m);
            }
        }
        return counts;
    }

    private static void add1(int[] counts, double v, double x0, double s, int m) {
        double f = (v - x0) * s;
        if (f != f) {
            return;
        }
        counts[f < 0 ? 0 : f >= m ? m : (int) f]++;
    }

    private static Rectangle2D clipX(Frame f, double min, double max) {
        double a = Math.max(f.left(), Double.isFinite(min) ? f.px(min) : f.left());
        double b = Math.min(f.left() + f.w(), Double.isFinite(max) ? f.px(max) : f.left() + f.w());
        return new Rectangle2D.Double(a, f.top(), Math.max(0, b - a), f.h());
    }

    private static void drawAxes(Graphics2D g, PlotText text, Frame f, PlotSpec spec) {
        drawAxes(g, text, f, spec.xLabel(), spec.yLabel(), Ticks.scaled(f.x(), spec.xScale(), 5),
                Ticks.scaled(spec.yRange(), spec.yScale(), 5));
    }

    private static void drawAxes(Graphics2D g, PlotText text, Frame f, String xLabel, String yLabel,
            List<Ticks.Tick> xTicks, List<Ticks.Tick> yTicks) {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(f.left() - 0.5, f.top() - 0.5, f.w() + 1, f.h() + 1));
        PlotText.Pen small = text.pen(g, new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        drawXTicks(g, small, f, xTicks);
        drawYTicks(g, small, f, yTicks);
        PlotText.Pen am = text.pen(g, new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String xl = am.fit(xLabel, f.w() + f.left() - 4);
        am.draw(xl, (float) (f.left() + (f.w() - am.width(xl)) / 2.0), f.top() + f.h() + 38);
        String yl = am.fit(yLabel, f.h());
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.translate(14, f.top() + (f.h() + am.width(yl)) / 2.0);
            r.rotate(-Math.PI / 2);
            text.pen(r, new Font(Font.SANS_SERIF, Font.PLAIN, 12)).draw(yl, 0, 0);
        } finally {
            r.dispose();
        }
    }

    private static void drawXTicks(Graphics2D g, PlotText.Pen small, Frame f, List<Ticks.Tick> ticks) {
        for (Ticks.Tick t : ticks) {
            double px = f.px(t.position());
            g.draw(new Line2D.Double(px, f.top() + f.h(), px, f.top() + f.h() + (t.isMinor() ? 2 : 4)));
            if (t.isMinor()) {
                continue;
            }
            String s = t.label();
            small.draw(s, (float) (px - small.width(s) / 2.0), f.top() + f.h() + 6 + small.ascent());
        }
    }

    private static void drawYTicks(Graphics2D g, PlotText.Pen small, Frame f, List<Ticks.Tick> ticks) {
        for (Ticks.Tick t : ticks) {
            double py = f.py(t.position());
            g.draw(new Line2D.Double(f.left() - (t.isMinor() ? 2 : 4), py, f.left(), py));
            if (t.isMinor()) {
                continue;
            }
            String s = t.label();
            small.draw(s, (float) (f.left() - 6 - small.width(s)), (float) (py + small.ascent() / 2.0 - 1));
        }
    }

    private void drawTitle(Graphics2D g, String title) {
        if (title.isEmpty()) {
            return;
        }
        g.setColor(Color.BLACK);
        PlotText.Pen pen = text.pen(g, new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String t = pen.fit(shortenPath(title, pen::width, width - 8), width - 8);
        pen.draw(t, (float) ((width - pen.width(t)) / 2.0), 17);
    }

    /**
     * A title {@code "sample: /A/B/C/D"} that is wider than {@code max} with its path's first populations left out
     * ({@code "sample: …/C/D"}), as many as needed, keeping at least the last: the gate's own population is what
     * the plot shows. Other titles, and those that fit, as they are.
     */
    static String shortenPath(String title, ToDoubleFunction<String> width, int max) {
        int colon = title.indexOf(": /");
        if (colon < 0 || width.applyAsDouble(title) <= max) {
            return title;
        }
        String head = title.substring(0, colon + 2);
        String path = title.substring(colon + 2);
        int cut = path.indexOf('/', 1);
        while (cut > 0) {
            String t = head + "…" + path.substring(cut);
            if (width.applyAsDouble(t) <= max || path.indexOf('/', cut + 1) < 0) {
                return t;
            }
            cut = path.indexOf('/', cut + 1);
        }
        return title;
    }

    private void drawGates(Graphics2D g, int[] pixels, PlotText text, Frame f, PlotSpec spec) {
        OutlineRaster lines = gateLines(pixels, f);
        Point2D anchor = null;
        for (GateShape s : spec.gates()) {
            Point2D a = drawGate(lines, f, s);
            anchor = anchor == null ? a : anchor;
        }
        lines.paint(GATE);
        for (GateShape s : spec.gates()) {
            if (s instanceof GateShape.Quadrant q && !q.labels().isEmpty()) {
                List<String> labels = q.labels();
                drawCornerLabel(g, text, f, labels.get(0), true, true);
                drawCornerLabel(g, text, f, labels.get(1), false, true);
                drawCornerLabel(g, text, f, labels.get(2), true, false);
                drawCornerLabel(g, text, f, labels.get(3), false, false);
            }
        }
        if (anchor != null) {
            drawLabel(g, text, f, spec.label(), anchor);
        }
    }

    /** Gate outlines: 1.6 pixels wide, clipped to the plot area. */
    private OutlineRaster gateLines(int[] pixels, Frame f) {
        return new OutlineRaster(pixels, width, f.left(), f.top(), f.w(), f.h(), 1.6);
    }

    /** Draws the closed outline through data points (x[i], y[i]); returns where its label goes (above the top). */
    private static Point2D drawOutline(OutlineRaster lines, Frame f, double[] x, double[] y) {
        double[] px = new double[x.length];
        double[] py = new double[x.length];
        int top = 0;
        for (int i = 0; i < x.length; i++) {
            px[i] = f.px(x[i]);
            py[i] = f.py(y[i]);
            top = py[i] < py[top] ? i : top;
        }
        lines.polygon(px, py);
        return new Point2D.Double(px[top], py[top] - 8);
    }

    /** Draws one gate's outline; returns where the population label goes (above the shape), or null. */
    private static Point2D drawGate(OutlineRaster lines, Frame f, GateShape s) {
        if (s instanceof GateShape.Polygon p) {
            return drawOutline(lines, f, p.x(), p.y());
        } else if (s instanceof GateShape.Rectangle r) {
            double x0 = edge(f.px(r.xMin()), f.left() - 5, f.left() + f.w() + 5);
            double x1 = edge(f.px(r.xMax()), f.left() - 5, f.left() + f.w() + 5);
            double y0 = edge(f.py(r.yMax()), f.top() - 5, f.top() + f.h() + 5);
            double y1 = edge(f.py(r.yMin()), f.top() - 5, f.top() + f.h() + 5);
            lines.polygon(new double[] {x0, x1, x1, x0}, new double[] {y0, y0, y1, y1});
            return new Point2D.Double((x0 + x1) / 2, y0 - 8);
        } else if (s instanceof GateShape.Ellipse e) {
            double[][] pts = ellipsePoints(e, 120);
            double[] xs = new double[pts.length];
            double[] ys = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                xs[i] = pts[i][0];
                ys[i] = pts[i][1];
            }
            return drawOutline(lines, f, xs, ys);
        } else if (s instanceof GateShape.Quadrant q) {
            if (!Double.isNaN(q.x())) {
                double qx = f.px(q.x());
                lines.segment(qx, f.top(), qx, f.top() + f.h());
            }
            if (!Double.isNaN(q.y())) {
                double qy = f.py(q.y());
                lines.segment(f.left(), qy, f.left() + f.w(), qy);
            }
            return null;
        } else if (s instanceof GateShape.Interval iv) {
            Rectangle2D r = clipX(f, iv.min(), iv.max());
            if (Double.isFinite(iv.min())) {
                lines.segment(r.getMinX(), f.top(), r.getMinX(), f.top() + f.h());
            }
            if (Double.isFinite(iv.max())) {
                lines.segment(r.getMaxX(), f.top(), r.getMaxX(), f.top() + f.h());
            }
            return new Point2D.Double(r.getCenterX(), f.top() + 14);
        }
        return null;
    }

    private static double edge(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    /**
     * {@code n} points on the ellipse {@code (p - m)ᵀ C⁻¹ (p - m) = d²}: {@code p = m + d (√λ1 cos θ v1 +
     * √λ2 sin θ v2)} with {@code λ, v} the eigenpairs of the symmetric 2x2 covariance C.
     */
    static double[][] ellipsePoints(GateShape.Ellipse e, int n) {
        double a = e.covariance()[0][0];
        double b = e.covariance()[0][1];
        double c = e.covariance()[1][1];
        double mid = (a + c) / 2;
        double rad = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        double l1 = mid + rad;
        double l2 = mid - rad;
        double v1x;
        double v1y;
        if (Math.abs(b) > 1e-300) {
            v1x = b;
            v1y = l1 - a;
        } else if (a >= c) {
            v1x = 1;
            v1y = 0;
        } else {
            v1x = 0;
            v1y = 1;
        }
        double norm = Math.hypot(v1x, v1y);
        v1x /= norm;
        v1y /= norm;
        double d = Math.sqrt(e.distanceSquared());
        double r1 = d * Math.sqrt(l1);
        double r2 = d * Math.sqrt(Math.max(0, l2));
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double u = r1 * Math.cos(t);
            double v = r2 * Math.sin(t);
            out[i][0] = e.meanX() + u * v1x - v * v1y;
            out[i][1] = e.meanY() + u * v1y + v * v1x;
        }
        return out;
    }

    private static void drawLabel(Graphics2D g, PlotText text, Frame f, String label, Point2D anchor) {
        if (label.isEmpty()) {
            return;
        }
        PlotText.Pen pen = text.pen(g, new Font(Font.SANS_SERIF, Font.BOLD, 12));
        int tw = pen.width(label);
        double x = anchor.getX() - tw / 2.0;
        double y = anchor.getY();
        x = Math.max(f.left() + 2, Math.min(f.left() + f.w() - tw - 2, x));
        y = Math.max(f.top() + pen.ascent() + 2, Math.min(f.top() + f.h() - 4, y));
        box(g, pen, label, x, y);
    }

    private static void drawCornerLabel(Graphics2D g, PlotText text, Frame f, String label, boolean left,
            boolean top) {
        if (label == null || label.isEmpty()) {
            return;
        }
        PlotText.Pen pen = text.pen(g, new Font(Font.SANS_SERIF, Font.BOLD, 11));
        int tw = pen.width(label);
        double x = left ? f.left() + 4 : f.left() + f.w() - tw - 4;
        double y = top ? f.top() + pen.ascent() + 3 : f.top() + f.h() - pen.descent() - 3;
        box(g, pen, label, x, y);
    }

    /** A label on a translucent white box; nothing when text is off (an empty box would only hide events). */
    private static void box(Graphics2D g, PlotText.Pen pen, String label, double x, double y) {
        int w = pen.width(label);
        if (w == 0) {
            return;
        }
        g.setColor(new Color(255, 255, 255, 200));
        g.fill(new Rectangle2D.Double(x - 2, y - pen.ascent(), w + 4, pen.ascent() + pen.descent()));
        g.setColor(Color.BLACK);
        pen.draw(label, (float) x, (float) y);
    }
}
