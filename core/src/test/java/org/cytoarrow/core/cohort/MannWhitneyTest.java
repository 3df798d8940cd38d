package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void permeabilityExampleOfHollanderAndWolfeAsPrintedByR() {
        // Hollander & Wolfe (1973) p. 69f, permeability constants of the human chorioamnion, the example of R's
        // ?wilcox.test; printed output of wilcox.test(x, y, alternative = "g"):
        //   Wilcoxon rank sum exact test, W = 35, p-value = 0.1272
        double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};
        MannWhitney.Result r = MannWhitney.test(x, y, Alternative.GREATER, 0.95);
        assertEquals(35, r.u());
        assertTrue(r.exact());
        assertEquals(0.1272, r.p(), 5e-5);
    }

    @Test
    void tiedSamplesUseTheCorrectedNormalApproximationAsR() {
        // R-help, 2 Oct 2013, "Interpreting the result of a Wilcoxon (Mann-Whitney U) test" (F. Correia):
        // wilcox.test(a, b, exact = FALSE) prints W = 145, p-value = 0.08969 (two-sided), 0.04485 ("less"),
        // 0.9582 ("greater"), all "with continuity correction".
        double[] a = {1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 2, 1, 5, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 3, 1, 1};
        double[] b = {1, 2, 1, 1, 2, 3, 2, 2, 1, 2, 1, 1, 1, 2};
        MannWhitney.Result two = MannWhitney.test(a, b);
        assertEquals(145, two.u());
        assertFalse(two.exact());
        assertEquals(0.08969, two.p(), 5e-6);
        assertEquals(0.04485, MannWhitney.test(a, b, Alternative.LESS, 0.95).p(), 5e-6);
        assertEquals(0.9582, MannWhitney.test(a, b, Alternative.GREATER, 0.95).p(), 5e-5);
    }

    @Test
    void airqualityMayAgainstAugustAsInRDocumentation() {
        // R ?wilcox.test formula example, wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8)),
        // printed output: Wilcoxon rank sum test with continuity correction, W = 127.5, p-value = 0.0001208
        MannWhitney.Result r = MannWhitney.test(Airquality.MAY, Airquality.AUG);
        assertEquals(127.5, r.u());
        assertFalse(r.exact());
        assertEquals(0.0001208, r.p(), 5e-8);
    }

    @Test
    void endmemoExamplesWithTies() {
        // endmemo.com/r/wilcoxon.php, printed R output of wilcox.test(x, y) (ties, continuity correction):
        //   W = 51.5, p-value = 0.5966   and, with the second y,   W = 0, p-value = 0.001364
        double[] x = {1, 5, 9, 24, 56, 21, 3, 7, 21, 4};
        double[] y1 = {12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5};
        double[] y2 = {1233, 4356, 987, 39999, 1111, 200000};
        MannWhitney.Result r1 = MannWhitney.test(x, y1);
        assertEquals(51.5, r1.u());
        assertEquals(0.5966, r1.p(), 5e-5);
        MannWhitney.Result r2 = MannWhitney.test(x, y2);
        assertEquals(0, r2.u());
        assertEquals(0.001364, r2.p(), 5e-7);
    }

    @Test
    void nullDistributionOfUForThreeAndThree() {
        // By hand: the C(6,3) = 20 rank sets of x give U = 0..9 with counts 1,1,2,3,3,3,3,2,1,1.
        double[] expected = {1, 2, 4, 7, 10, 13, 16, 18, 19, 20};
        for (int i = 0; i < expected.length; i++) {
            expected[i] /= 20;
        }
        assertArrayEquals(expected, MannWhitney.uCdf(3, 3), 1e-15);
    }

    @Test
    void hodgesLehmannShiftAndExactIntervalByHand() {
        // x - y for x = {3, 5, 9}, y = {1, 2, 4}: 2, 1, -1, 4, 3, 1, 8, 7, 5 -> sorted -1 1 1 2 3 4 5 7 8.
        // Shift = median = 3. Null cdf of U for m = n = 3 (above): P(U <= 0) = 0.05, P(U <= 1) = 0.10.
        // 90%: C - 1 = 0 -> C = 1 -> [D(1), D(9)] = [-1, 8] (coverage 1 - 2(0.05) = 0.90).
        // 80%: C - 1 = 1 -> C = 2 -> [D(2), D(8)] = [1, 7]  (coverage 1 - 2(0.10) = 0.80).
        double[] x = {3, 5, 9};
        double[] y = {1, 2, 4};
        MannWhitney.Result r90 = MannWhitney.test(x, y, Alternative.TWO_SIDED, 0.90);
        assertEquals(3, r90.shift());
        assertEquals(-1, r90.ciLow());
        assertEquals(8, r90.ciHigh());
        MannWhitney.Result r80 = MannWhitney.test(x, y, Alternative.TWO_SIDED, 0.80);
        assertEquals(1, r80.ciLow());
        assertEquals(7, r80.ciHigh());
        // U = #(x > y) = 2 + 3 + 3 = 8 (3>1, 3>2; 5>all; 9>all); exact two-sided p = 2 P(U >= 8)
        // = 2 (1 + 1) / 20 = 0.2.
        assertEquals(8, r80.u());
        assertEquals(0.2, r80.p(), 1e-12);
    }

    @Test
    void rowsCarryTheShiftAndInterval() {
        MannWhitney.Result r = MannWhitney.test(new double[] {3, 5, 9}, new double[] {1, 2, 4});
        CohortRow row = r.rows("CD138+ freq_parent", "response", "R", "NR").get(0);
        assertEquals("R vs NR", row.comparison());
        assertEquals("mann_whitney", row.test());
        assertEquals(3, row.estimate());
        assertEquals(6, row.n());
    }

    @Test
    void rejectsMissingValuesAndEmptySamples() {
        assertThrows(CytoException.class, () -> MannWhitney.test(new double[] {1, Double.NaN}, new double[] {2}));
        assertThrows(CytoException.class, () -> MannWhitney.test(new double[0], new double[] {2}));
        assertThrows(CytoException.class, () -> MannWhitney.test(new double[] {1}, new double[] {2},
                Alternative.TWO_SIDED, 1.0));
    }
}
