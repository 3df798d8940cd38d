package org.cytoarrow.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** flin, flog, fasinh, fratio: hand-computed values from the Gating-ML 2.0 formulas, and round trips. */
class SimpleTransformsTest {

    @Test
    void flin() {
        LinearTransform t = new LinearTransform(10000, 500);
        // (x + A)/(T + A): (-500 + 500)/10500 = 0; (10000 + 500)/10500 = 1; (1000 + 500)/10500 = 1/7
        assertEquals(0, t.apply(-500), 0);
        assertEquals(1, t.apply(10000), 1e-15);
        assertEquals(1.0 / 7, t.apply(1000), 1e-15);
        assertEquals(1000, t.inverse(1.0 / 7), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new LinearTransform(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearTransform(100, 101));
        assertThrows(IllegalArgumentException.class, () -> new LinearTransform(100, -1));
        roundTrip(t, -1e6, 1e6);
    }

    @Test
    void flog() {
        LogTransform t = new LogTransform(10000, 5);
        // (1/M)·log10(x/T) + 1: x = T -> 1; x = 10 -> (1/5)(-3) + 1 = 0.4; x = 0.1 -> 0
        assertEquals(1, t.apply(10000), 1e-15);
        assertEquals(0.4, t.apply(10), 1e-15);
        assertEquals(0, t.apply(0.1), 1e-15);
        assertTrue(Double.isNaN(t.apply(0)));
        assertTrue(Double.isNaN(t.apply(-3)));
        assertEquals(10, t.inverse(0.4), 1e-12);
        double[] out = new double[3];
        t.apply(new double[] {10, 0, -1}, out, 3);
        assertEquals(0.4, out[0], 1e-15);
        assertTrue(Double.isNaN(out[1]) && Double.isNaN(out[2]));
        roundTrip(t, 1e-3, 1e9);
    }

    @Test
    void fasinh() {
        ArcsinhTransform t = new ArcsinhTransform(10000, 4, 1);
        double ln10 = Math.log(10);
        // (asinh(x·sinh(M ln10)/T) + A ln10)/((M + A) ln10): x = 0 -> A/(M+A) = 0.2;
        // x = T -> (asinh(sinh(4 ln10)) + ln10)/(5 ln10) = 1
        assertEquals(0.2, t.apply(0), 1e-15);
        assertEquals(1, t.apply(10000), 1e-14);
        double x = 37.5;
        double z = x * Math.sinh(4 * ln10) / 10000;
        double expected = (Math.log(z + Math.sqrt(z * z + 1)) + ln10) / (5 * ln10);
        assertEquals(expected, t.apply(x), 1e-14);
        assertEquals(2 * 0.2 - expected, t.apply(-x), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> new ArcsinhTransform(10000, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> new ArcsinhTransform(10000, 0, 0));
        roundTrip(t, -1e7, 1e7);
        // asinh near zero keeps relative precision: asinh(z) = z - z^3/6 + ...
        assertEquals(1e-9, ArcsinhTransform.asinh(1e-9), 1e-24);
        assertEquals(0.48121182505960347, ArcsinhTransform.asinh(0.5), 1e-15);
        assertEquals(Math.log(2e30), ArcsinhTransform.asinh(1e30), 1e-13);
    }

    @Test
    void fratio() {
        RatioTransform r = new RatioTransform(2.7, -100, -300);
        // 2.7 (x + 100)/(y + 300): x = 200, y = 0 -> 2.7
        assertEquals(2.7, r.apply(200, 0), 1e-15);
        assertEquals(200, r.inverse(2.7, 0), 1e-12);
        double[] out = new double[2];
        r.apply(new double[] {200, -100}, new double[] {0, 5}, out, 2);
        assertEquals(2.7, out[0], 1e-15);
        assertEquals(0, out[1], 0);
        assertEquals(Double.POSITIVE_INFINITY, new RatioTransform(1, 0, -1).apply(1, -1));
    }

    private static void roundTrip(Transform t, double lo, double hi) {
        SplittableRandom random = new SplittableRandom(3);
        double[] xs = new double[1000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble(lo, hi);
        }
        double[] ys = new double[xs.length];
        t.apply(xs, ys, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(t.apply(xs[i]), ys[i], 0.0, "block form is bit-identical to the scalar form");
            assertEquals(xs[i], t.inverse(ys[i]), 1e-9 * Math.max(1, Math.abs(xs[i])));
        }
    }
}
