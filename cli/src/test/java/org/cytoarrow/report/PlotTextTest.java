package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.cytoarrow.core.cohort.KaplanMeier;
import org.cytoarrow.core.cohort.SurvivalCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plots on a JVM without fonts: a text backend that fails the way a headless JDK without fontconfig fonts does
 * (an InternalError from sun.awt.FontConfiguration, or a NullPointerException while drawing). The plot must
 * still be drawn (events, axes, gates), without text, and the failing backend must not be called again.
 */
class PlotTextTest {

    private static PlotSpec spec() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 5000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.1 * r.nextDouble();
            y[i] = 0.5 + 0.1 * r.nextDouble();
        }
        return PlotSpec.density("A title", "FL1-H (CD3)", "FL2-H (CD4)", new Range(0, 1), new Range(0, 1), x, y,
                null, List.of(new GateShape.Rectangle(0.4, 0.7, 0.4, 0.7)), "CD3+ 100%");
    }

    /** A backend that throws {@code failure} on its first metrics call (or draw call) and counts calls. */
    private static final class Failing implements PlotText.Backend {
        final AtomicInteger calls = new AtomicInteger();
        final boolean onDraw;
        final RuntimeException runtime;
        final Error error;

        Failing(boolean onDraw, RuntimeException runtime, Error error) {
            this.onDraw = onDraw;
            this.runtime = runtime;
            this.error = error;
        }

        private void fail() {
            if (runtime != null) {
                throw runtime;
            }
            throw error;
        }

        @Override
        public FontMetrics metrics(Graphics2D g, Font font) {
            calls.incrementAndGet();
            if (!onDraw) {
                fail();
            }
            return PlotText.JAVA2D.metrics(g, font);
        }

        @Override
        public void draw(Graphics2D g, String text, float x, float y) {
            calls.incrementAndGet();
            if (onDraw) {
                fail();
            }
        }
    }

    private static int nonWhiteInRows(BufferedImage img, int from, int to) {
        int n = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void fontConfigurationErrorOnFirstUseGivesPlotsWithoutText(@TempDir Path tmp) throws Exception {
        Failing backend = new Failing(false, null,
                new InternalError("simulated: sun.awt.FontConfiguration found no fonts"));
        PlotText text = new PlotText(backend);
        PlotRenderer r = new PlotRenderer(360, 360, text);
        BufferedImage img = r.render(spec());
        assertFalse(text.enabled());
        assertInstanceOf(InternalError.class, text.cause());
        assertEquals(1, backend.calls.get(), "one attempt, then text stays off");
        // the title band (rows 0..TOP-2) is blank, the plot area holds the events and the gate
        assertEquals(0, nonWhiteInRows(img, 0, PlotRenderer.TOP - 2));
        assertTrue(nonWhiteInRows(img, PlotRenderer.TOP, 360 - PlotRenderer.BOTTOM) > 1000);

        // later plots (dot plots, histograms, quadrant labels) go straight to no text and are written
        r.writePng(spec(), tmp.resolve("a.png"));
        r.writePng(PlotSpec.histogram("h", "x", new Range(0, 1), spec().x(), null,
                List.of(new GateShape.Interval(0.55, 2)), "x 50%"), tmp.resolve("b.png"));
        r.writePng(PlotSpec.density("q", "x", "y", new Range(0, 1), new Range(0, 1), spec().x(), spec().y(), null,
                List.of(new GateShape.Quadrant(0.55, 0.55, List.of("a", "b", "c", "d"))), ""), tmp.resolve("c.png"));
        assertEquals(1, backend.calls.get());
        assertTrue(Files.size(tmp.resolve("c.png")) > 0);
    }

    @Test
    void nullPointerWhileDrawingTurnsTextOffMidPlot() {
        Failing backend = new Failing(true, new NullPointerException("simulated: no font file"), null);
        PlotText text = new PlotText(backend);
        BufferedImage img = new PlotRenderer(360, 360, text).render(spec());
        assertFalse(text.enabled());
        assertInstanceOf(NullPointerException.class, text.cause());
        // the gate outline is still drawn after the failure: the rectangle's left edge at x = 0.4
        int px = PlotRenderer.LEFT + (int) Math.round(0.4 * (360 - PlotRenderer.LEFT - PlotRenderer.RIGHT));
        int py = PlotRenderer.TOP + (360 - PlotRenderer.TOP - PlotRenderer.BOTTOM) / 2 + 20;
        int dark = 0;
        for (int dx = -2; dx <= 2; dx++) {
            int rgb = img.getRGB(px + dx, py) & 0xFFFFFF;
            if (((rgb >> 16) & 0xFF) < 100 && ((rgb >> 8) & 0xFF) < 100 && (rgb & 0xFF) < 100) {
                dark++;
            }
        }
        assertTrue(dark > 0, "gate edge drawn after the text failure");
    }

    /** Two Kaplan-Meier groups: A has events at 2 and 4 (S = 0.5 on [2, 4)), B one subject censored at 4. */
    private static List<SurvivalCurve> curves() {
        return List.of(KaplanMeier.fit(new double[] {2, 4}, new boolean[] {true, true}),
                KaplanMeier.fit(new double[] {4}, new boolean[] {false}));
    }

    @Test
    void kaplanMeierWithoutFontsDrawsTheCurvesAndWritesThePng(@TempDir Path tmp) throws Exception {
        Failing backend = new Failing(false, null,
                new InternalError("simulated: sun.awt.FontConfiguration found no fonts"));
        PlotText text = new PlotText(backend);
        KaplanMeierPlot plot = new KaplanMeierPlot(400, 300, text);
        BufferedImage img = plot.render("title", "months", List.of("A", "B"), curves(), 0.25);
        assertFalse(text.enabled());
        assertInstanceOf(InternalError.class, text.cause());
        assertEquals(1, backend.calls.get(), "one attempt, then text stays off");
        // no title (baseline y = 22, 13 px bold): the band above the plot area (TOP = 40, curves at S = 1 are
        // drawn 2 px wide, antialiased, on y = 40) is blank
        assertEquals(0, nonWhiteInRows(img, 0, 34));
        // the curves are drawn: plot area x 64..380 for t in [0, 4.08], y 244 (S = 0) .. 40 (S = 1);
        // at t = 3, A (blue) is at S = 0.5 and B (red) at S = 1
        int x3 = 64 + (int) Math.round(3 / 4.08 * 316);
        assertTrue(hasColourNear(img, x3, 244 - 102, 0x1f77b4), "A at S = 0.5");
        assertTrue(hasColourNear(img, x3, 40, 0xd62728), "B at S = 1");
        // no legend box without text: the legend's top-right corner stays blank
        assertEquals(0xFFFFFF, img.getRGB(400 - 20 - 2, 40 + 8) & 0xFFFFFF);

        Path png = tmp.resolve("km.png");
        plot.writePng("title", "months", List.of("A", "B"), curves(), Double.NaN, png);
        assertEquals(400, javax.imageio.ImageIO.read(png.toFile()).getWidth());
        assertEquals(1, backend.calls.get());
    }

    @Test
    void kaplanMeierNullPointerWhileDrawingStillGivesThePlot() {
        Failing backend = new Failing(true, new NullPointerException("simulated: no font file"), null);
        PlotText text = new PlotText(backend);
        BufferedImage img = new KaplanMeierPlot(400, 300, text).render("t", "months", List.of("A", "B"), curves(),
                0.25);
        assertFalse(text.enabled());
        assertInstanceOf(NullPointerException.class, text.cause());
        int x3 = 64 + (int) Math.round(3 / 4.08 * 316);
        assertTrue(hasColourNear(img, x3, 244 - 102, 0x1f77b4), "A at S = 0.5 drawn after the text failure");
    }

    private static boolean hasColourNear(BufferedImage img, int x, int y, int rgb) {
        for (int dy = -1; dy <= 1; dy++) {
            if ((img.getRGB(x, y + dy) & 0xFFFFFF) == rgb) {
                return true;
            }
        }
        return false;
    }

    @Test
    void workingFontsDrawText() {
        PlotText text = new PlotText(PlotText.JAVA2D);
        BufferedImage img = new PlotRenderer(360, 360, text).render(spec());
        // this JVM may itself lack fonts; then the shared fallback applies and there is nothing more to check
        if (text.enabled()) {
            assertTrue(nonWhiteInRows(img, 0, PlotRenderer.TOP - 2) > 20, "title drawn");
        }
    }
}
