package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * p-values are checked against R's printed output. R finds the odds-ratio estimate and limits with {@code uniroot} at
 * its default tolerance (eps^0.25 = 1.2e-4, absolute, on ψ or 1/ψ in [0, 1]), so its printed estimates and limits are
 * only good to about that: they are checked loosely (relative 1e-2), and tightly against SciPy 1.17.1, run by the
 * author outside the project: {@code scipy.stats.contingency.odds_ratio(t, kind="conditional")} with
 * {@code .statistic} and {@code .confidence_interval(0.95[, "greater"|"less"])}.
 */
class FisherExactTest {

    private static void close(double expected, double actual, double relative) {
        assertEquals(expected, actual, Math.abs(expected) * relative);
    }

    @Test
    void convictionsOfTwinsAsPrintedByR() {
        // R ?fisher.test, Convictions <- matrix(c(2, 10, 15, 3), nrow = 2) = [[2, 15], [10, 3]]; printed output
        // (reproduced in the Paradigm4 superfunpack README): two-sided p-value = 0.0005367, 95 percent confidence
        // interval 0.003325764 0.363182271, odds ratio 0.04693661; alternative = "less": p-value = 0.0004652,
        // interval 0.0000000 0.2849601.
        FisherExact.Result two = FisherExact.test(2, 15, 10, 3);
        assertEquals(0.0005367, two.p(), 5e-8);
        close(0.04693661, two.oddsRatio(), 1e-2);
        close(0.003325764, two.ciLow(), 1e-2);
        close(0.363182271, two.ciHigh(), 1e-2);
        // SciPy: 0.04693663904968004, (0.003317163950657366, 0.36318960235667996)
        close(0.04693663904968004, two.oddsRatio(), 1e-9);
        close(0.003317163950657366, two.ciLow(), 1e-9);
        close(0.36318960235667996, two.ciHigh(), 1e-9);
        FisherExact.Result less = FisherExact.test(2, 15, 10, 3, Alternative.LESS, 0.95);
        assertEquals(0.0004652, less.p(), 5e-8);
        assertEquals(0, less.ciLow());
        close(0.2849601, less.ciHigh(), 1e-2);
        close(0.28495954561971487, less.ciHigh(), 1e-9);
    }

    @Test
    void ladyTastingTeaAsPrintedByR() {
        // Fisher's tea tasting, R ?fisher.test, TeaTasting = [[3, 1], [1, 3]]; printed output:
        // alternative = "greater": p-value = 0.2429, 95 percent CI 0.3135693 Inf, odds ratio 6.408309;
        // alternative = "less": p-value = 0.9857, CI 0.0000 306.2469.
        FisherExact.Result greater = FisherExact.test(3, 1, 1, 3, Alternative.GREATER, 0.95);
        assertEquals(0.2429, greater.p(), 5e-5);
        close(6.408309, greater.oddsRatio(), 1e-2);
        close(0.3135693, greater.ciLow(), 1e-2);
        assertEquals(Double.POSITIVE_INFINITY, greater.ciHigh());
        // SciPy: 6.408319658199662, greater (0.3135737675049858, inf), less (0.0, 306.2368078586386)
        close(6.408319658199662, greater.oddsRatio(), 1e-9);
        close(0.3135737675049858, greater.ciLow(), 1e-9);
        FisherExact.Result less = FisherExact.test(3, 1, 1, 3, Alternative.LESS, 0.95);
        assertEquals(0.9857, less.p(), 5e-5);
        close(306.2469, less.ciHigh(), 1e-2);
        close(306.2368078586386, less.ciHigh(), 1e-9);
        // By hand: margins 4/4/4/4, P(a) = C(4,a) C(4,4-a) / 70 = 1, 16, 36, 16, 1 over 70. Two-sided sums the
        // tables no more likely than a = 3: a = 0, 1, 3, 4 -> 34/70. Sample odds ratio 3*3 / (1*1) = 9.
        assertEquals(34.0 / 70, FisherExact.test(3, 1, 1, 3).p(), 1e-12);
        assertEquals(9.0, greater.sampleOddsRatio());
    }
}
