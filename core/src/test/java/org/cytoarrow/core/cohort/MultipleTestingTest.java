package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MultipleTestingTest {

    /**
     * The 15 p-values of the worked example in Benjamini &amp; Hochberg (1995), "Controlling the false discovery
     * rate", J. R. Statist. Soc. B 57(1):289-300: at q = 0.05 the step-up procedure rejects the 4 smallest, where
     * Bonferroni rejects 3.
     */
    private static final double[] BH1995 = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
        0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};

    @Test
    void benjaminiHochbergRejectsFourOfTheFifteenPublishedPValues() {
        double[] adj = MultipleTesting.benjaminiHochberg(BH1995);
        int rejected = 0;
        for (double a : adj) {
            rejected += a <= 0.05 ? 1 : 0;
        }
        assertEquals(4, rejected);
        // By hand: 0.0095 * 15 / 4 = 0.035625; 0.0201 * 15 / 5 = 0.0603; 0.0278 * 15 / 6 = 0.0695 is lowered to
        // 0.0298 * 15 / 7 = 0.0638571...; the last is min(1, 1.0 * 15 / 15) = 1.
        // The full vector was also checked against scipy.stats.false_discovery_control(p, method="bh")
        // (SciPy 1.17.1, run by the author outside the project), which prints these values.
        double[] expected = {0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286,
            0.0645, 0.0765, 0.486, 0.5811818181818181, 0.714875, 0.7532307692307693, 0.8132142857142857, 1.0};
        assertArrayEquals(expected, adj, 1e-12);
    }

    @Test
    void holmRejectsThreeAsBonferroniDoesHere() {
        // By hand: 15 * 0.0001 = 0.0015, 14 * 0.0004 = 0.0056, 13 * 0.0019 = 0.0247, 12 * 0.0095 = 0.114.
        double[] adj = MultipleTesting.holm(BH1995);
        assertEquals(0.0015, adj[0], 1e-15);
        assertEquals(0.0056, adj[1], 1e-15);
        assertEquals(0.0247, adj[2], 1e-15);
        assertEquals(0.114, adj[3], 1e-15);
        assertEquals(1.0, adj[14]);
    }

    @Test
    void keepsInputOrderAndPassesNaNThrough() {
        // By hand: sorted 0.005, 0.01, 0.03, 0.04 with m = 4 -> 0.02, 0.02, 0.04, 0.04.
        double[] adj = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, Double.NaN, 0.03, 0.005});
        assertEquals(0.02, adj[0], 1e-15);
        assertEquals(0.04, adj[1], 1e-15);
        assertTrue(Double.isNaN(adj[2]));
        assertEquals(0.04, adj[3], 1e-15);
        assertEquals(0.02, adj[4], 1e-15);
    }
}
