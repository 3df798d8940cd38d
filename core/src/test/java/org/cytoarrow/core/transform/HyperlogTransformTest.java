package org.cytoarrow.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HyperlogTransformTest {

    /** Hand values: hyperlog(0) = x1 = (W + A)/(M + A), hyperlog(T) = 1, and the inverse of both. */
    @Test
    void handValues() {
        HyperlogTransform h = new HyperlogTransform(10000, 1, 4.5, 0);
        assertEquals(1 / 4.5, h.apply(0), 1e-15);
        assertEquals(1.0, h.apply(10000), 1e-15);
        assertEquals(0.0, h.inverse(1 / 4.5), 1e-9);
        assertEquals(10000, h.inverse(1.0), 1e-9);
        // odd symmetry about x1
        assertEquals(2 / 4.5 - h.apply(123.0), h.apply(-123.0), 1e-15);
    }

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of(10000, 1, 4.5, 0),
                Arguments.of(262144, 0.5, 4.5, 0),
                Arguments.of(262144, 2.25, 4.5, 0),  // W = M/2
                Arguments.of(262144, 1, 4.5, -1),    // A = -W
                Arguments.of(1000, 0.5, 4.5, 3.5),   // A = M - 2W
                Arguments.of(1, 0.01, 2, 0.2));
    }

    @ParameterizedTest(name = "hyperlog(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void forwardAgreesWithHighPrecisionRootOfTheDefinition(double t, double w, double m, double a) {
        HyperlogTransform h = new HyperlogTransform(t, w, m, a);
        HighPrecision.Hyperlog reference = new HighPrecision.Hyperlog(t, w, m, a);
        for (double x : LogicleTransformTest.probes(t)) {
            double expected = reference.apply(x);
            double actual = h.apply(x);
            double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);
            assertTrue(error <= 1e-12, () -> "x=" + x + " expected " + expected + " got " + actual);
        }
    }

    @ParameterizedTest(name = "hyperlog(T={0}, W={1}, M={2}, A={3})")
    @MethodSource("parameters")
    void inverseUndoesForwardOverWideRange(double t, double w, double m, double a) {
        HyperlogTransform h = new HyperlogTransform(t, w, m, a);
        SplittableRandom random = new SplittableRandom(11);
        double[] xs = new double[20000];
        for (int i = 0; i < xs.length; i++) {
            double magnitude = Math.pow(10, random.nextDouble(-8, 14)) * t / 1e5;
            xs[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        double[] ys = new double[xs.length];
        h.apply(xs, ys, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(h.apply(xs[i]), ys[i], 0.0, "block form equals scalar form");
            double back = h.inverse(ys[i]);
            double slope = Math.abs(h.inverse(ys[i] + 1e-6) - h.inverse(ys[i] - 1e-6)) / 2e-6;
            double tolerance = 1e-12 * Math.abs(xs[i]) + 4 * Math.ulp(Math.max(Math.abs(ys[i]), 1)) * slope;
            assertEquals(xs[i], back, tolerance, "x=" + xs[i]);
        }
    }

    @Test
    void invalidParametersAreRejectedWithTheRule() {
        assertEquals("Hyperlog W must be in (0, M/2 = 2.25], was 0.0",
                assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(262144, 0, 4.5, 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(-1, 0.5, 4.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(262144, 0.5, -4.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(262144, 3, 4.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(262144, 0.5, 4.5, -0.6));
        assertThrows(IllegalArgumentException.class, () -> new HyperlogTransform(262144, 0.5, 4.5, 3.6));
    }

    @Test
    void equalOnlyToTheSameKindWithTheSameParameters() {
        HyperlogTransform h = new HyperlogTransform(262144, 0.5, 4.5, 0);
        assertEquals(new HyperlogTransform(262144, 0.5, 4.5, 0), h);
        assertEquals(new HyperlogTransform(262144, 0.5, 4.5, 0).hashCode(), h.hashCode());
        assertNotEquals(new HyperlogTransform(262144, 0.5, 4.5, 0.5), h);
        assertNotEquals(new LogicleTransform(262144, 0.5, 4.5, 0), h);
        assertNotEquals(h, new LogicleTransform(262144, 0.5, 4.5, 0));
        assertEquals("hyperlog(T=262144.0, W=0.5, M=4.5, A=0.0)", h.toString());
        assertEquals("logicle(T=262144.0, W=0.5, M=4.5, A=0.0)", new LogicleTransform(262144, 0.5, 4.5, 0).toString());
    }
}
