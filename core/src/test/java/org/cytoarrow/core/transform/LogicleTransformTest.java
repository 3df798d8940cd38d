package org.cytoarrow.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LogicleTransformTest {

    /**
     * Gating-ML 2.0 specification, logicle example table (six decimals as published): logicle(x, T=1000, W, M=4, A)
     * for W=1, A=0; W=1, A=1; W=0, A=1.
     */
    @ParameterizedTest(name = "logicle({0}, 1000, {1}, 4, {2}) = {3}")
    @CsvSource({
        "-10, 1, 0, 0.067574", "-5, 1, 0, 0.147986", "-1, 1, 0, 0.228752", "0, 1, 0, 0.25",
        "0.3, 1, 0, 0.256384", "1, 1, 0, 0.271248", "3, 1, 0, 0.312897", "10, 1, 0, 0.432426",
        "100, 1, 0, 0.739548", "1000, 1, 0, 1.0",
        "-10, 1, 1, 0.254059", "-5, 1, 1, 0.318389", "-1, 1, 1, 0.383001", "0, 1, 1, 0.4",
        "0.3, 1, 1, 0.405107", "1, 1, 1, 0.416999", "3, 1, 1, 0.450318", "10, 1, 1, 0.545941",
        "100, 1, 1, 0.791638", "1000, 1, 1, 1.0",
        "-10, 0, 1, -0.200009", "-5, 0, 1, -0.139829", "-1, 0, 1, -0.000856", "0, 0, 1, 0.2",
        "0.3, 0, 1, 0.303776", "1, 0, 1, 0.400856", "3, 0, 1, 0.495521", "10, 0, 1, 0.600009",
        "100, 0, 1, 0.8", "1000, 0, 1, 1.0"})
    void matchesGatingMlTable(double x, double w, double a, double expected) {
        assertEquals(expected, new LogicleTransform(1000, w, 4, a).apply(x), 0.6e-6);
    }

    /** Hand values: logicle(0) = x1 = (W + A)/(M + A), logicle(T) = 1, and the inverse of both. */
    @Test
    void handValues() {
        LogicleTransform l = new LogicleTransform(10000, 0.5, 4.5, 0);
        assertEquals(1.0 / 9, l.apply(0), 1e-15);
        assertEquals(1.0, l.apply(10000), 1e-15);
        assertEquals(0.0, l.inverse(1.0 / 9), 1e-9);
        assertEquals(10000, l.inverse(1.0), 1e-9);
    }

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of(262144, 0.5, 4.5, 0),
                Arguments.of(10000, 1, 4, 0.5),
                Arguments.of(262144, 0, 4.5, 0),     // W = 0
                Arguments.of(262144, 2.25, 4.5, 0),  // W = M/2
                Arguments.of(262144, 1, 4.5, -1),    // A = -W: x1 = 0
                Arguments.of(1000, 0.5, 4.5, 3.5),   // A = M - 2W
                Arguments.of(1, 0.3, 2, 0.2),
                Arguments.of(262144, 5, 10, 0));     // wide linear region: W = M/2 with many decades
    }

    /** Data values from 1e-6 to 1e12 (both signs), 0, and random values around the linear region. */
    static List<Double> probes(double t) {
        List<Double> xs = new ArrayList<>();
        xs.add(0.0);
        for (double e = -6; e <= 12; e += 0.75) {
            double v = Math.pow(10, e) * t / 1e5;
            xs.add(v);
            xs.add(-v);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 12; i++) {
            xs.add(random.nextDouble(-t / 100, t / 100));
        }
        return xs;
    }

    @ParameterizedTest(name = "logicle(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void forwardAgreesWithHighPrecisionRootOfTheDefinition(double t, double w, double m, double a) {
        LogicleTransform l = new LogicleTransform(t, w, m, a);
        HighPrecision.Logicle reference = new HighPrecision.Logicle(t, w, m, a);
        double worst = 0;
        for (double x : probes(t)) {
            double expected = reference.apply(x);
            double actual = l.apply(x);
            double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);
            worst = Math.max(worst, error);
            assertTrue(error <= 1e-12, () -> "x=" + x + " expected " + expected + " got " + actual);
        }
        assertTrue(worst <= 1e-12);
    }

    @ParameterizedTest(name = "logicle(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void inverseUndoesForwardOverWideRange(double t, double w, double m, double a) {
        LogicleTransform l = new LogicleTransform(t, w, m, a);
        SplittableRandom random = new SplittableRandom(7);
        double[] xs = new double[20000];
        for (int i = 0; i < xs.length; i++) {
            double magnitude = Math.pow(10, random.nextDouble(-8, 14)) * t / 1e5;
            xs[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        double[] ys = new double[xs.length];
        l.apply(xs, ys, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(l.apply(xs[i]), ys[i], 0.0, "block form equals scalar form");
            double back = l.inverse(ys[i]);
            // the round trip is limited by the scale's condition: |dx| <= |B'(y)|·ulp(y) + rounding in x
            double tolerance = 1e-12 * Math.abs(xs[i]) + 4 * Math.ulp(Math.max(Math.abs(ys[i]), 1)) * slope(l, ys[i]);
            assertEquals(xs[i], back, tolerance, "x=" + xs[i]);
        }
    }

    private static double slope(Transform t, double y) {
        double h = 1e-6;
        return Math.abs(t.inverse(y + h) - t.inverse(y - h)) / (2 * h);
    }

    /**
     * Every bin of the forward table was checked against exact roots when it was built (see BiexponentialScale);
     * for usual parameters the coarsest resolution, 32 bins per octave, is enough.
     */
    @ParameterizedTest(name = "logicle(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void tableFitsTheExactRootEverywhere(double t, double w, double m, double a) {
        new LogicleTransform(t, w, m, a);
        BiexponentialScale logicle = BiexponentialScale.cached("logicle", t, w, m, a, null);
        assertTrue(logicle.fitError() <= BiexponentialScale.FIT_TOLERANCE, () -> "fit error " + logicle.fitError());
        assertTrue(logicle.binsPerOctave() > 0);
        if (w > 0) {
            new HyperlogTransform(t, w, m, a);
            BiexponentialScale hyperlog = BiexponentialScale.cached("hyperlog", t, w, m, a, null);
            assertTrue(hyperlog.fitError() <= BiexponentialScale.FIT_TOLERANCE);
        }
    }

    /**
     * Dense check of the table against the bracketed root solver: 200,000 log-uniform data values over 22 decades
     * (both signs), error relative to |δ| + x1 (the scale distance the table represents).
     */
    @ParameterizedTest(name = "logicle(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void tableAgreesWithTheRootSolverOnDenseRandomData(double t, double w, double m, double a) {
        new LogicleTransform(t, w, m, a);
        BiexponentialScale scale = BiexponentialScale.cached("logicle", t, w, m, a, null);
        double x1 = scale.scaleExactly(0.0);
        SplittableRandom random = new SplittableRandom(11);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = Math.pow(10, random.nextDouble(-10, 12)) * t / 1e5 * (random.nextBoolean() ? 1 : -1);
            double exact = scale.scaleExactly(x);
            double error = Math.abs(scale.scale(x) - exact) / (Math.abs(exact - x1) + Math.abs(x1));
            worst = Math.max(worst, error);
        }
        assertTrue(worst <= 1e-13, "worst relative error " + worst);
    }

    @Test
    void specialValues() {
        LogicleTransform l = new LogicleTransform(262144, 0.5, 4.5, 0);
        assertTrue(Double.isNaN(l.apply(Double.NaN)));
        assertTrue(Double.isNaN(l.inverse(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, l.apply(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, l.apply(Double.NEGATIVE_INFINITY));
        assertEquals(l.apply(0.0), l.apply(-0.0));
        assertTrue(l.apply(Double.MAX_VALUE) > 1);
        assertTrue(l.apply(1e-300) >= l.apply(0.0));
        assertTrue(l.apply(1e-3) > l.apply(0.0));
    }

    @Test
    void invalidParametersAreRejectedWithTheRule() {
        assertEquals("Logicle W must be in [0, M/2 = 2.25], was 3.0",
                assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(262144, 3, 4.5, 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(0, 0.5, 4.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(262144, 0.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(262144, -0.1, 4.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(262144, 0.5, 4.5, -0.6));
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(262144, 0.5, 4.5, 3.6));
        assertThrows(IllegalArgumentException.class, () -> new LogicleTransform(Double.NaN, 0.5, 4.5, 0));
    }
}
