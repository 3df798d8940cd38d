package org.cytoarrow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cytoarrow.core.cohort.SurvivalCurve;

/**
 * Kaplan-Meier survival curves drawn with Java2D as a PNG: one right-continuous step line per group starting at
 * S = 1 at time 0, tick marks at censored times, a legend with n and events per group, and the log-rank p-value.
 * Headless; thread-safe (no state beyond the size). On a JVM that cannot render fonts the curves are drawn
 * without text (no title, tick labels or legend; one warning is logged; see {@link PlotText}).
 */
public final class KaplanMeierPlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 56;

    private final int width;
    private final int height;
    private final PlotText text;

    /** A plot of {@code width} x {@code height} pixels (at least 200 x 160). */
    public KaplanMeierPlot(int width, int height) {
        this(width, height, PlotText.SHARED);
    }

    KaplanMeierPlot(int width, int height, PlotText text) {
        if (width < 200 || height < 160) {
            throw new IllegalArgumentException("Plot must be at least 200 x 160, was " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.text = text;
    }

    /** 640 x 440 pixels. */
    public KaplanMeierPlot() {
        this(640, 440);
    }

    /**
     * Draws the curves.
     *
     * @param title    title line
     * @param timeAxis label of the time axis (e.g. "months")
     * @param names    group names, one per curve
     * @param curves   the curves
     * @param p        log-rank p-value (NaN to leave out)
     */
    public BufferedImage render(String title, String timeAxis, List<String> names, List<SurvivalCurve> curves,
                                double p) {
        if (names.size() != curves.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + curves.size() + " curves");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double tMax = 0;
            for (SurvivalCurve c : curves) {
                for (SurvivalCurve.Step s : c.steps()) {
                    tMax = Math.max(tMax, s.time());
                }
            }
            Range x = new Range(0, tMax > 0 ? tMax * 1.02 : 1);
            Range y = new Range(0, 1.0);
            axes(g, x, y, title, timeAxis);
            for (int i = 0; i < curves.size(); i++) {
                g.setColor(PALETTE[i % PALETTE.length]);
                curve(g, curves.get(i), x, y);
            }
            legend(g, names, curves, p);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders and writes a PNG atomically. */
    public void writePng(String title, String timeAxis, List<String> names, List<SurvivalCurve> curves, double p,
                         Path file) throws IOException {
        BufferedImage img = render(title, timeAxis, names, curves, p);
        AtomicOutput.write(file, out -> PngEncoder.write(img, out));
    }

    private int px(double t, Range x) {
        return LEFT + (int) Math.round((t - x.min()) / x.span() * (width - LEFT - RIGHT));
    }

    private int py(double s, Range y) {
        return height - BOTTOM - (int) Math.round((s - y.min()) / y.span() * (height - TOP - BOTTOM));
    }

    private void axes(Graphics2D g, Range x, Range y, String title, String timeAxis) {
        g.setColor(Color.BLACK);
        text.pen(g, new Font(Font.SANS_SERIF, Font.BOLD, 13)).draw(title, LEFT, 22);
        PlotText.Pen fm = text.pen(g, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int x0 = px(x.min(), x);
        int y0 = py(y.min(), y);
        g.drawLine(x0, y0, px(x.max(), x), y0);
        g.drawLine(x0, y0, x0, py(y.max(), y));
        double xs = Ticks.step(x, 6);
        for (double t : Ticks.positions(x, 6)) {
            int p = px(t, x);
            g.drawLine(p, y0, p, y0 + 4);
            String l = Ticks.label(t, xs);
            fm.draw(l, p - fm.width(l) / 2, y0 + 16);
        }
        for (double s = 0; s <= 1.0001; s += 0.2) {
            int p = py(s, y);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x0 + 1, p, px(x.max(), x), p);
            g.setColor(Color.BLACK);
            g.drawLine(x0 - 4, p, x0, p);
            String l = String.format(Locale.ROOT, "%.1f", s);
            fm.draw(l, x0 - 8 - fm.width(l), p + 4);
        }
        fm.draw(timeAxis, (LEFT + width - RIGHT) / 2 - fm.width(timeAxis) / 2, height - 16);
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.rotate(-Math.PI / 2);
            String yl = "probability without event";
            text.pen(r, new Font(Font.SANS_SERIF, Font.PLAIN, 11))
                    .draw(yl, -(TOP + height - BOTTOM) / 2 - fm.width(yl) / 2, 16);
        } finally {
            r.dispose();
        }
    }

    private void curve(Graphics2D g, SurvivalCurve c, Range x, Range y) {
        g.setStroke(new BasicStroke(2f));
        double t0 = 0;
        double s0 = 1;
        for (SurvivalCurve.Step st : c.steps()) {
            g.drawLine(px(t0, x), py(s0, y), px(st.time(), x), py(s0, y));
            if (st.events() > 0) {
                g.drawLine(px(st.time(), x), py(s0, y), px(st.time(), x), py(st.survival(), y));
            }
            t0 = st.time();
            s0 = st.survival();
            if (st.censored() > 0) {
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(px(t0, x), py(s0, y) - 5, px(t0, x), py(s0, y) + 5);
                g.setStroke(new BasicStroke(2f));
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private void legend(Graphics2D g, List<String> names, List<SurvivalCurve> curves, double p) {
        PlotText.Pen fm = text.pen(g, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (!text.enabled()) {
            return; // a legend without names would only hide curves
        }
        int lineH = fm.height() + 2;
        int w = 0;
        String[] lines = new String[names.size()];
        for (int i = 0; i < lines.length; i++) {
            SurvivalCurve c = curves.get(i);
            lines[i] = String.format(Locale.ROOT, "%s (n=%d, events=%d)", names.get(i), c.n(), c.events());
            w = Math.max(w, fm.width(lines[i]));
        }
        String pText = Double.isNaN(p) ? null : "log-rank p = " + (p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p)
                : String.format(Locale.ROOT, "%.4f", p));
        if (pText != null) {
            w = Math.max(w, fm.width(pText));
        }
        int bx = width - RIGHT - w - 34;
        int by = TOP + 6;
        int bh = lineH * (lines.length + (pText == null ? 0 : 1)) + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(bx, by, w + 30, bh);
        g.setColor(Color.GRAY);
        g.drawRect(bx, by, w + 30, bh);
        for (int i = 0; i < lines.length; i++) {
            int yy = by + 4 + lineH * (i + 1) - 4;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(bx + 6, yy - 4, bx + 20, yy - 4);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            fm.draw(lines[i], bx + 24, yy);
        }
        if (pText != null) {
            g.setColor(Color.BLACK);
            fm.draw(pText, bx + 24, by + 4 + lineH * (lines.length + 1) - 4);
        }
    }
}
