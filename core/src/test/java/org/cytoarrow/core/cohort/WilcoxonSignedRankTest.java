package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;

class WilcoxonSignedRankTest {

    // Hollander & Wolfe (1973) p. 29f, Hamilton depression scale factor IV in 9 patients, first (x) and second (y)
    // visit; the example of R's ?wilcox.test.
    private static final double[] X = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    private static final double[] Y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};

    @Test
    void depressionExampleAsPrintedByR() {
        // Printed R output: wilcox.test(x, y, paired = TRUE, alternative = "greater") -> V = 40, p-value = 0.01953;
        // wilcox.test(y - x, alternative = "less") -> V = 5, p-value = 0.01953 ("The same").
        WilcoxonSignedRank.Result r = WilcoxonSignedRank.test(X, Y, Alternative.GREATER);
        assertEquals(40, r.v());
        assertTrue(r.exact());
        assertEquals(0.01953, r.p(), 5e-6);
        WilcoxonSignedRank.Result reverse = WilcoxonSignedRank.test(Y, X, Alternative.LESS);
        assertEquals(5, reverse.v());
        assertEquals(0.01953, reverse.p(), 5e-6);
    }

    @Test
    void oneSampleAgainstAFixedLocation() {
        // Printed R output: wilcox.test(x, mu = 1.6) -> V = 29, p-value = 0.4961 (two-sided, exact).
        double[] mu = new double[X.length];
        Arrays.fill(mu, 1.6);
        WilcoxonSignedRank.Result r = WilcoxonSignedRank.test(X, mu);
        assertEquals(29, r.v());
        assertEquals(0.4961, r.p(), 5e-5);
    }

    @Test
    void badInputIsACytoException() {
        assertThrows(CytoException.class, () -> WilcoxonSignedRank.test(new double[] {1, 2}, new double[] {1}));
        assertThrows(CytoException.class, () -> WilcoxonSignedRank.test(new double[] {1, 2}, new double[] {1, 2}));
    }
}
