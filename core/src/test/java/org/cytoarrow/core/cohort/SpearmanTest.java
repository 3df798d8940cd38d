package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpearmanTest {

    // Hollander & Wolfe (1973) p. 187, the example of R's ?cor.test.
    private static final double[] X = {44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1};
    private static final double[] Y = {2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8};

    @Test
    void hollanderWolfeExampleAsPrintedByR() {
        // Printed R output of cor.test(x, y, method = "spearman"): S = 48, p-value = 0.0968, rho 0.6.
        Spearman.Result r = Spearman.test(X, Y);
        assertEquals(0.6, r.rho(), 1e-12);
        assertEquals(48, r.s(), 1e-12);
        assertTrue(r.exact());
        assertEquals(0.0968, r.p(), 5e-5);
        // One-sided: P(S <= 48), of which the two-sided p is twice (the smaller tail doubled, as R).
        assertEquals(r.p() / 2, Spearman.test(X, Y, Alternative.GREATER).p(), 1e-12);
    }

    @Test
    void tiesOrLargerSamplesUseTheTApproximation() {
        // By hand: x = 1..5 tied as {1, 2, 2, 4, 5}, y = {1, 3, 2, 5, 4}: ranks x = 1, 2.5, 2.5, 4, 5;
        // y = 1, 3, 2, 5, 4. Σ(rx - 3)(ry - 3) = (-2)(-2) + (-0.5)(0) + (-0.5)(-1) + (1)(2) + (2)(1) = 8.5;
        // Σ(rx - 3)² = 4 + 0.25 + 0.25 + 1 + 4 = 9.5; Σ(ry - 3)² = 10; rho = 8.5 / sqrt(95) = 0.872082.
        // t = rho sqrt(3 / (1 - rho²)) on 3 df.
        Spearman.Result r = Spearman.test(new double[] {1, 2, 2, 4, 5}, new double[] {1, 3, 2, 5, 4});
        double rho = 8.5 / Math.sqrt(95);
        assertEquals(rho, r.rho(), 1e-12);
        assertFalse(r.exact());
        double t = rho * Math.sqrt(3 / (1 - rho * rho));
        double expected = 2 * org.apache.commons.statistics.distribution.TDistribution.of(3).survivalProbability(t);
        assertEquals(expected, r.p(), 1e-12);
    }
}
