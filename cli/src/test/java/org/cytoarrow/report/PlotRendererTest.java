package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.cytoarrow.core.EventMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotRendererTest {
    private static final int WHITE = 0xFFFFFF;

    @Test
    void binsCountParentEventsAndPileOutliersOnTheEdges() {
        // 2x2 bins over [0,2]x[0,2]: (0.5,0.5)->bin(0,0); (1.5,0.5)->(1,0); (5,5) clamps to (1,1);
        // (-3,1.5) clamps to (0,1); NaN skipped; event 5 (0.5,0.5) is outside the parent.
        double[] x = {0.5, 1.5, 5, -3, Double.NaN, 0.5};
        double[] y = {0.5, 0.5, 5, 1.5, 1, 0.5};
        EventMask parent = EventMask.of(new boolean[] {true, true, true, true, true, false});
        int[] c = PlotRenderer.bin(x, y, parent, new Range(0, 2), new Range(0, 2), 2, 2);
        assertArrayEquals(new int[] {1, 1, 1, 1}, c);
        int[] all = PlotRenderer.bin(x, y, null, new Range(0, 2), new Range(0, 2), 2, 2);
        assertArrayEquals(new int[] {2, 1, 1, 1}, all);
        int[] h = PlotRenderer.bin1d(x, parent, new Range(0, 2), 2);
        assertArrayEquals(new int[] {2, 2}, h); // 0.5 and -3 -> bin 0; 1.5 and 5 -> bin 1
    }

    @Test
    void ellipsePointsLieOnTheMahalanobisContour() {
        // C = [[4, 1.5], [1.5, 1]], C^-1 = [[1, -1.5], [-1.5, 4]] / (4 - 2.25) ; d^2 = 2
        GateShape.Ellipse e = new GateShape.Ellipse(10, -3, new double[][] {{4, 1.5}, {1.5, 1}}, 2);
        double det = 4 * 1 - 1.5 * 1.5;
        for (double[] p : PlotRenderer.ellipsePoints(e, 64)) {
            double dx = p[0] - 10;
            double dy = p[1] + 3;
            double q = (1 * dx * dx - 2 * 1.5 * dx * dy + 4 * dy * dy) / det;
            assertEquals(2.0, q, 1e-9);
        }
    }

    @Test
    void ticksAreNiceAndLabelledShortly() {
        Range lin = new Range(0, 262144);
        assertEquals(50000, Ticks.step(lin, 5));
        assertEquals(List.of(0.0, 50000.0, 100000.0, 150000.0, 200000.0, 250000.0), Ticks.positions(lin, 5));
        assertEquals("50K", Ticks.label(50000, 50000));
        assertEquals("0", Ticks.label(0, 50000));
        Range logicle = new Range(-0.3, 4.5);
        assertEquals(1, Ticks.step(logicle, 5));
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), Ticks.positions(logicle, 5));
        assertEquals("0.5", Ticks.label(0.5, 0.5));
        assertEquals("-1.2", Ticks.label(-1.2, 0.2));
    }

    @Test
    void densityPlotColoursOnlyBinsWithEventsAndDrawsTheGate(@TempDir Path dir) throws Exception {
        // All 1000 events sit at (1, 1) in a [0, 4] x [0, 4] plot; a rectangle gate [2, 3] x [2, 3].
        double[] x = new double[1000];
        double[] y = new double[1000];
        java.util.Arrays.fill(x, 1);
        java.util.Arrays.fill(y, 1);
        Range r = new Range(0, 4);
        PlotSpec spec = PlotSpec.density("t", "FSC-A", "SSC-A", r, r, x, y, null,
                List.of(new GateShape.Rectangle(2, 3, 2, 3)), "");
        PlotRenderer renderer = new PlotRenderer(360, 360);
        BufferedImage img = renderer.render(spec);
        int pw = 360 - PlotRenderer.LEFT - PlotRenderer.RIGHT;
        int ph = 360 - PlotRenderer.TOP - PlotRenderer.BOTTOM;
        int px = PlotRenderer.LEFT + pw / 4;     // data x = 1
        int py = PlotRenderer.TOP + ph * 3 / 4;  // data y = 1
        int dot = img.getRGB(px, py) & 0xFFFFFF;
        assertNotEquals(WHITE, dot);
        assertEquals(ColorMap.rgb(1.0), dot, "the only (hence fullest) bin gets the top colour");
        assertEquals(WHITE, img.getRGB(PlotRenderer.LEFT + pw * 3 / 8, PlotRenderer.TOP + ph / 8) & 0xFFFFFF);
        // the gate's left edge at data x = 2, half-way down its height (data y = 2.5)
        int gx = PlotRenderer.LEFT + pw / 2;
        int gy = PlotRenderer.TOP + ph * 3 / 8;
        boolean dark = false;
        for (int d = -1; d <= 1; d++) {
            dark |= (img.getRGB(gx + d, gy) & 0xFF) < 100;
        }
        assertTrue(dark, "gate outline drawn at x = 2");

        Path png = dir.resolve("plot.png");
        renderer.writePng(spec, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(360, back.getWidth());
        assertEquals(dot, back.getRGB(px, py) & 0xFFFFFF);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }

    @Test
    void everyGateShapeIsDrawnOnItsEdgesAndClippedToThePlot() {
        // no events in a [0, 4] x [0, 4] plot: every dark pixel inside it is a gate line
        Range r = new Range(0, 4);
        double[][] cov = {{0.04, 0}, {0, 0.04}};
        PlotSpec density = PlotSpec.density("", "x", "y", r, r, new double[0], new double[0], null,
                List.of(new GateShape.Quadrant(1, 3, List.of()),
                        new GateShape.Ellipse(3, 1, cov, 1),  // a circle of radius 0.2 around (3, 1)
                        new GateShape.Polygon(new double[] {0.5, 1.5, 0.5}, new double[] {0.5, 0.5, 1.5}),
                        new GateShape.Polygon(new double[] {2, 2, 2.1}, new double[] {2, 8, 2})), ""); // past the top
        BufferedImage img = new PlotRenderer(360, 360).render(density);
        assertTrue(darkNear(img, px(1), py(2)), "quadrant's vertical line at x = 1");
        assertTrue(darkNear(img, px(2.5), py(3)), "quadrant's horizontal line at y = 3");
        assertTrue(darkNear(img, px(3.2), py(1)), "ellipse's right edge");
        assertTrue(darkNear(img, px(3), py(1.2)), "ellipse's top edge");
        assertTrue(darkNear(img, px(1), py(1)), "polygon's hypotenuse from (1.5, 0.5) to (0.5, 1.5)");
        assertTrue(darkNear(img, px(1), py(0.5)), "polygon's base");
        assertEquals(WHITE, img.getRGB(px(3), py(1)) & 0xFFFFFF, "inside the ellipse");
        assertEquals(WHITE, img.getRGB(px(0.8), py(0.8)) & 0xFFFFFF, "inside the polygon");
        assertTrue(darkNear(img, px(2), PlotRenderer.TOP + 2), "a polygon's edge up to the plot's top");
        assertEquals(WHITE, img.getRGB(px(2), PlotRenderer.TOP - 4) & 0xFFFFFF, "and not past it");

        PlotSpec histogram = PlotSpec.histogram("", "x", r, new double[0], EventMask.all(0),
                List.of(new GateShape.Interval(1, 3)), "");
        BufferedImage h = new PlotRenderer(360, 360).render(histogram);
        assertTrue(darkNear(h, px(1), PlotRenderer.TOP + 100), "interval's lower edge");
        assertTrue(darkNear(h, px(3), PlotRenderer.TOP + 100), "interval's upper edge");
        int inside = h.getRGB(px(2), PlotRenderer.TOP + 100) & 0xFFFFFF;
        assertNotEquals(WHITE, inside, "the interval is shaded");
        assertTrue((inside & 0xFF) > 100, "but not drawn over");
        assertEquals(WHITE, h.getRGB(px(0.5), PlotRenderer.TOP + 100) & 0xFFFFFF, "outside the interval");
    }

    private static int px(double v) {
        return (int) (PlotRenderer.LEFT + v / 4 * (360 - PlotRenderer.LEFT - PlotRenderer.RIGHT));
    }

    private static int py(double v) {
        int h = 360 - PlotRenderer.TOP - PlotRenderer.BOTTOM;
        return (int) (PlotRenderer.TOP + h - v / 4 * h);
    }

    /** A pixel within one of (x, y) whose blue is under 100 (the gate colour is black). */
    private static boolean darkNear(BufferedImage img, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if ((img.getRGB(x + dx, y + dy) & 0xFF) < 100) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void axisLabelsNameTheMarkerWhenThereIsOne() {
        assertEquals("FL1-H (CD3)", PlotSpec.axisLabel("FL1-H", "CD3"));
        assertEquals("FSC-H", PlotSpec.axisLabel("FSC-H", " "));   // 100715.fcs: $PnS is a single space
        assertEquals("FSC-H", PlotSpec.axisLabel("FSC-H", "FSC-H"));
        assertEquals("Time", PlotSpec.axisLabel("Time", null));
    }

    @Test
    void rejectsInconsistentSpecs() {
        Range r = new Range(0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> PlotSpec.density("", "", "", r, r, new double[2], new double[3], null, List.of(), ""));
        assertThrows(IllegalArgumentException.class,
                () -> PlotSpec.histogram("", "", r, new double[2], EventMask.all(3), List.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> new Range(1, 1));
    }

    /** Writes example plots for a human to look at when -Dcytoarrow.plots.dir is set. */
    @Test
    void examplePlots() throws Exception {
        String out = System.getProperty("cytoarrow.plots.dir");
        if (out == null) {
            return;
        }
        Path dir = Files.createDirectories(Path.of(out));
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 200_000;
        double[] x = new double[n];
        double[] y = new double[n];
        boolean[] cells = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean pop = rnd.nextDouble() < 0.7;
            x[i] = pop ? 90_000 + 20_000 * gauss(rnd) : 30_000 + 15_000 * gauss(rnd);
            y[i] = pop ? 60_000 + 18_000 * gauss(rnd) : 20_000 + 10_000 * gauss(rnd);
            cells[i] = i % 10 != 0;
        }
        Range xr = new Range(0, 262144);
        PlotRenderer pr = new PlotRenderer();
        pr.writePng(PlotSpec.density("A01 /Cells", "FSC-A", "SSC-A", xr, xr, x, y, EventMask.of(cells),
                List.of(new GateShape.Polygon(new double[] {50_000, 140_000, 150_000, 60_000},
                        new double[] {20_000, 30_000, 110_000, 100_000})), "Cells 68.4%"), dir.resolve("poly.png"));
        pr.writePng(PlotSpec.density("A01 /Cells/Q", "FL1-H (CD3)", "FL2-H (CD4)", xr, xr, x, y, null,
                List.of(new GateShape.Quadrant(70_000, 45_000, List.of("1.2%", "40.3%", "20.0%", "38.5%"))), ""),
                dir.resolve("quad.png"));
        pr.writePng(PlotSpec.density("A01 /Lymph", "FSC-A", "SSC-A", xr, xr, x, y, null,
                List.of(new GateShape.Ellipse(90_000, 60_000,
                        new double[][] {{4e8, 1e8}, {1e8, 3.2e8}}, 4)), "Lymph 55.0%"), dir.resolve("ellipse.png"));
        pr.writePng(PlotSpec.density("A01 /Rect", "FSC-A", "SSC-A", xr, xr, x, y, null,
                List.of(new GateShape.Rectangle(60_000, Double.POSITIVE_INFINITY, 30_000, 90_000)), "R 61%"),
                dir.resolve("rect.png"));
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = rnd.nextDouble() < 0.4 ? 3.2 + 0.3 * gauss(rnd) : 0.8 + 0.4 * gauss(rnd);
        }
        pr.writePng(PlotSpec.histogram("A01 /Cells/CD3+", "FL1-H (CD3)", new Range(-0.5, 4.5), l, null,
                List.of(new GateShape.Interval(2.2, Double.POSITIVE_INFINITY)), "CD3+ 40.1%"), dir.resolve("hist.png"));
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aLongTitleLeavesOutTheFirstPopulationsOfItsPath() {
        String t = "S000: /Cells/Singlets/PlasmaCells/CD138pos/CD138xIL6";
        assertEquals(t, PlotRenderer.shortenPath(t, String::length, t.length()), "it fits");
        assertEquals("S000: …/PlasmaCells/CD138pos/CD138xIL6", PlotRenderer.shortenPath(t, String::length, 40));
        assertEquals("S000: …/CD138pos/CD138xIL6", PlotRenderer.shortenPath(t, String::length, 30));
        assertEquals("S000: …/CD138xIL6", PlotRenderer.shortenPath(t, String::length, 5), "the gate's own stays");
        assertEquals("Kaplan-Meier: overall survival", PlotRenderer.shortenPath("Kaplan-Meier: overall survival",
                String::length, 10), "not a population path");
    }
}
