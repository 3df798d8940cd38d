package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;

class KruskalWallisTest {

    private static final List<String> MONTHS = List.of("May", "Jun", "Jul", "Aug", "Sep");
    private static final List<double[]> OZONE = List.of(Airquality.MAY, Airquality.JUN, Airquality.JUL,
            Airquality.AUG, Airquality.SEP);

    @Test
    void airqualityOzoneByMonthAsInRDocumentation() {
        // R ?kruskal.test example, kruskal.test(Ozone ~ Month, data = airquality), printed output (r-tutor.com,
        // "Kruskal-Wallis Test"): Kruskal-Wallis chi-squared = 29.267, df = 4, p-value = 6.901e-06
        KruskalWallis.Result r = KruskalWallis.test(MONTHS, OZONE);
        assertEquals(116, r.n());
        assertEquals(29.267, r.h(), 5e-4);
        assertEquals(4, r.df());
        assertEquals(6.901e-06, r.p(), 5e-10);
    }

    @Test
    void dunnComparisonsMatchThePublishedAirqualityTable() {
        // anovakit vignette "Kruskal-Wallis" (elkronos.github.io/anovakit), R output for the same data:
        //   z: May-Jun -0.92516, May-Jul -4.41947, May-Aug -4.13281, May-Sep -1.32120, Jun-Jul -2.24421,
        //      Jun-Aug -2.03864, Jun-Sep 0.00254, Jul-Aug 0.28666, Jul-Sep 3.21720, Aug-Sep 2.92283
        //   unadjusted p: May-Jul 9.89e-06, Jul-Sep 1.29e-03; Holm: 1.00, 9.89e-05, 3.23e-04, 7.46e-01,
        //      1.49e-01, 2.07e-01, 1.00, 1.00, 1.04e-02, 2.43e-02
        // (the vignette also prints May-Jul z = -4.419471 from its hand computation of the tie-corrected SE).
        KruskalWallis.Result r = KruskalWallis.test(MONTHS, OZONE);
        double[] z = {-0.92516, -4.41947, -4.13281, -1.32120, -2.24421, -2.03864, 0.00254, 0.28666, 3.21720,
            2.92283};
        double[] holm = {1.00, 9.89e-05, 3.23e-04, 7.46e-01, 1.49e-01, 2.07e-01, 1.00, 1.00, 1.04e-02, 2.43e-02};
        assertEquals(10, r.dunn().size());
        for (int i = 0; i < z.length; i++) {
            KruskalWallis.Pair p = r.dunn().get(i);
            assertEquals(z[i], p.z(), 5e-6, p.group1() + "-" + p.group2());
            assertEquals(holm[i], p.pHolm(), holm[i] * 5e-3, p.group1() + "-" + p.group2());
        }
        assertEquals("May", r.dunn().get(1).group1());
        assertEquals("Jul", r.dunn().get(1).group2());
        assertEquals(-4.419471, r.dunn().get(1).z(), 5e-7);
        assertEquals(9.89e-06, r.dunn().get(1).p(), 5e-9);
        assertEquals(1.29e-03, r.dunn().get(8).p(), 5e-6);
    }

    @Test
    void rowsHoldTheOmnibusTestThenThePairs() {
        List<CohortRow> rows = KruskalWallis.test(MONTHS, OZONE).rows("ozone", "month");
        assertEquals(11, rows.size());
        assertEquals("kruskal_wallis", rows.get(0).test());
        assertEquals("all", rows.get(0).comparison());
        assertEquals("May vs Jul", rows.get(2).comparison());
        assertEquals(52, rows.get(2).n());
    }

    @Test
    void rejectsOneGroupOrEmptyGroups() {
        assertThrows(CytoException.class, () -> KruskalWallis.test(List.of("a"), List.of(new double[] {1})));
        assertThrows(CytoException.class, () -> KruskalWallis.test(List.of("a", "b"),
                List.of(new double[] {1}, new double[0])));
    }
}
