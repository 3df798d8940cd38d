package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutlineRasterTest {
    private static final int WHITE = 0xFFFFFF;

    @Test
    void distanceToASegmentIsToItsNearestPoint() {
        assertEquals(2, OutlineRaster.distance(5, 2, 0, 0, 10, 0), 1e-12);    // above the middle
        assertEquals(5, OutlineRaster.distance(-3, 4, 0, 0, 10, 0), 1e-12);   // past the start: to (0, 0)
        assertEquals(Math.sqrt(2), OutlineRaster.distance(11, 1, 0, 0, 10, 0), 1e-12);
        assertEquals(0, OutlineRaster.distance(3, 3, 0, 0, 10, 10), 1e-12);  // on the diagonal
        assertEquals(5, OutlineRaster.distance(3, 4, 0, 0, 0, 0), 1e-12);    // a point
    }

    @Test
    void horizontalLineCoversItsRowAndAThirdOfTheNeighbours() {
        int[] px = white(30, 20);
        OutlineRaster r = new OutlineRaster(px, 30, 0, 0, 30, 20, 1.6);
        r.segment(5, 10.5, 20, 10.5);   // through the centres of row 10
        r.paint(0x000000);
        for (int x = 5; x < 20; x++) {
            assertEquals(0x000000, px[10 * 30 + x], "x=" + x);
            // distance 1 from the centre line: coverage 0.8 + 0.5 - 1 = 0.3, so 255 * 0.7 = 178.5 (8 bits: 178 or 179)
            assertGray(178.5, px[9 * 30 + x]);
            assertGray(178.5, px[11 * 30 + x]);
            assertEquals(WHITE, px[8 * 30 + x]);
            assertEquals(WHITE, px[12 * 30 + x]);
        }
        // the round ends: pixels 4 and 20 have their centres 0.5 past an end (coverage 0.8: 255 * 0.2 = 51)
        assertGray(51, px[10 * 30 + 4]);
        assertGray(51, px[10 * 30 + 20]);
        assertEquals(WHITE, px[10 * 30 + 3]);
        assertEquals(WHITE, px[10 * 30 + 21]);
    }

    @Test
    void overlappingSegmentsPaintOnceAndTheClipHolds() {
        int[] once = white(40, 40);
        OutlineRaster a = new OutlineRaster(once, 40, 0, 0, 40, 40, 1.6);
        a.segment(3.2, 4.7, 31.9, 27.3);
        a.paint(0x204080);
        int[] twice = white(40, 40);
        OutlineRaster b = new OutlineRaster(twice, 40, 0, 0, 40, 40, 1.6);
        b.segment(3.2, 4.7, 31.9, 27.3);
        b.segment(31.9, 27.3, 3.2, 4.7);
        b.polygon(new double[] {3.2, 31.9}, new double[] {4.7, 27.3});
        b.paint(0x204080);
        assertEquals(Arrays.toString(once), Arrays.toString(twice));

        int[] clipped = white(40, 40);
        OutlineRaster c = new OutlineRaster(clipped, 40, 10, 8, 12, 9, 1.6);
        c.segment(3.2, 4.7, 31.9, 27.3);
        c.paint(0x204080);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                boolean inside = x >= 10 && x < 22 && y >= 8 && y < 17;
                assertEquals(inside ? once[y * 40 + x] : WHITE, clipped[y * 40 + x], x + "," + y);
            }
        }
    }

    @Test
    void inkAddsUpToLengthTimesWidthAtAnyAngle() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 200; k++) {
            double angle = rnd.nextDouble() * Math.PI;
            double len = 20 + 60 * rnd.nextDouble();
            double width = 1 + 2 * rnd.nextDouble();
            double cx = 50 + rnd.nextDouble();
            double cy = 50 + rnd.nextDouble();
            double dx = Math.cos(angle) * len / 2;
            double dy = Math.sin(angle) * len / 2;
            int[] px = white(100, 100);
            OutlineRaster r = new OutlineRaster(px, 100, 0, 0, 100, 100, width);
            r.segment(cx - dx, cy - dy, cx + dx, cy + dy);
            r.paint(0x000000);
            double ink = 0;
            for (int p : px) {
                ink += (255 - (p & 0xFF)) / 255.0;
            }
            // a band of width w over the length, plus the round ends: a disc of radius w/2 + 1/2, blurred
            double expected = len * width + Math.PI * width * width / 4;
            assertEquals(expected, ink, 0.05 * expected, "angle " + angle + ", length " + len + ", width " + width);
        }
    }

    @Test
    void nonFiniteEndsAndAnEmptyClipDrawNothing() {
        int[] px = white(10, 10);
        OutlineRaster r = new OutlineRaster(px, 10, 0, 0, 10, 10, 1.6);
        r.segment(Double.NaN, 1, 5, 5);
        r.segment(1, 1, Double.POSITIVE_INFINITY, 5);
        r.paint(0);
        OutlineRaster empty = new OutlineRaster(px, 10, 20, 20, 5, 5, 1.6);
        empty.segment(0, 0, 9, 9);
        empty.paint(0);
        assertEquals(Arrays.toString(white(10, 10)), Arrays.toString(px));
    }

    private static int[] white(int w, int h) {
        int[] px = new int[w * h];
        Arrays.fill(px, WHITE);
        return px;
    }

    /** A gray pixel within one level of {@code level}. */
    private static void assertGray(double level, int rgb) {
        int v = rgb & 0xFF;
        assertEquals(v << 16 | v << 8 | v, rgb, "gray");
        assertEquals(level, v, 1.0);
    }
}
