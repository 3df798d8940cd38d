package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * R's {@code survival::aml} data (acute myelogenous leukaemia, Miller 1981): weeks in remission, + = censored, as
 * printed by {@code with(aml, Surv(time, status))}: Maintained 9 13 13+ 18 23 28+ 31 34 45+ 48 161+;
 * Nonmaintained 5 5 8 8 12 16+ 23 27 30 33 43 45.
 */
class SurvivalTest {
    private static final double[] MAINTAINED = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161};
    private static final boolean[] MAINTAINED_EVENT = {true, true, false, true, true, false, true, true, false, true,
        false};
    private static final double[] NON = {5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45};
    private static final boolean[] NON_EVENT = {true, true, true, true, true, false, true, true, true, true, true,
        true};

    @Test
    void kaplanMeierStepsMatchRSummaryOfSurvfit() {
        // summary(survfit(Surv(time, status) ~ x)) for these data, as printed in public R tutorials (columns time,
        // n.risk, n.event, survival, std.err, lower 95% CI, upper 95% CI; default conf.type = "log"):
        double[][] maintained = {
            {9, 11, 1, 0.909, 0.0867, 0.7541, 1.000},
            {13, 10, 1, 0.818, 0.1163, 0.6192, 1.000},
            {18, 8, 1, 0.716, 0.1397, 0.4884, 1.000},
            {23, 7, 1, 0.614, 0.1526, 0.3769, 0.999},
            {31, 5, 1, 0.491, 0.1642, 0.2549, 0.946},
            {34, 4, 1, 0.368, 0.1627, 0.1549, 0.875},
            {48, 2, 1, 0.184, 0.1535, 0.0359, 0.944}};
        double[][] non = {
            {5, 12, 2, 0.8333, 0.1076, 0.6470, 1.000},
            {8, 10, 2, 0.6667, 0.1361, 0.4468, 0.995},
            {12, 8, 1, 0.5833, 0.1423, 0.3616, 0.941},
            {23, 6, 1, 0.4861, 0.1481, 0.2675, 0.883},
            {27, 5, 1, 0.3889, 0.1470, 0.1854, 0.816},
            {30, 4, 1, 0.2917, 0.1387, 0.1148, 0.741},
            {33, 3, 1, 0.1944, 0.1219, 0.0569, 0.664},
            {43, 2, 1, 0.0972, 0.0919, 0.0153, 0.620}};
        check(KaplanMeier.fit(MAINTAINED, MAINTAINED_EVENT), maintained);
        SurvivalCurve nonCurve = KaplanMeier.fit(NON, NON_EVENT);
        check(nonCurve, non);
        // Last row printed as "45 1 1 0.0000 NaN NA NA".
        SurvivalCurve.Step last = nonCurve.steps().get(nonCurve.steps().size() - 1);
        assertEquals(45, last.time());
        assertEquals(0, last.survival());
        assertTrue(Double.isNaN(last.standardError()) && Double.isNaN(last.ciLow()) && Double.isNaN(last.ciHigh()));
    }

    private static void check(SurvivalCurve curve, double[][] expected) {
        List<SurvivalCurve.Step> ev = curve.steps().stream().filter(s -> s.events() > 0).toList();
        for (double[] row : expected) {
            SurvivalCurve.Step s = ev.stream().filter(x -> x.time() == row[0]).findFirst().orElseThrow();
            String at = "t = " + row[0];
            assertEquals((int) row[1], s.atRisk(), at);
            assertEquals((int) row[2], s.events(), at);
            assertEquals(row[3], s.survival(), 5e-4, at);
            assertEquals(row[4], s.standardError(), 5e-5, at);
            assertEquals(row[5], s.ciLow(), 5e-4, at);
            assertEquals(row[6], s.ciHigh(), 5e-4, at);
        }
    }

    @Test
    void medianSurvivalAndLimitsMatchRPrintOfSurvfit() {
        // print(survfit(Surv(time, status) ~ x, data = aml)):
        //   x=Maintained    11 7 median 31 0.95LCL 18 0.95UCL NA
        //   x=Nonmaintained 12 11 median 23 0.95LCL 8  0.95UCL NA
        SurvivalCurve m = KaplanMeier.fit(MAINTAINED, MAINTAINED_EVENT);
        assertEquals(11, m.n());
        assertEquals(7, m.events());
        assertEquals(31, m.median());
        assertEquals(18, m.medianLow());
        assertTrue(Double.isNaN(m.medianHigh()));
        SurvivalCurve n = KaplanMeier.fit(NON, NON_EVENT);
        assertEquals(11, n.events());
        assertEquals(23, n.median());
        assertEquals(8, n.medianLow());
        assertTrue(Double.isNaN(n.medianHigh()));
        // Censored-only times are kept as steps for tick marks: 13 has one event and one censoring; 28 only censored.
        SurvivalCurve.Step s28 = m.steps().stream().filter(s -> s.time() == 28).findFirst().orElseThrow();
        assertEquals(0, s28.events());
        assertEquals(1, s28.censored());
        assertEquals(m.survivalAt(27.9), s28.survival());
    }

    @Test
    void logRankMatchesRSurvdiff() {
        // survdiff(Surv(time, status) ~ x, data = aml), printed:
        //   x=Maintained    N 11 Observed 7  Expected 10.69
        //   x=Nonmaintained N 12 Observed 11 Expected 7.31
        //   Chisq= 3.4  on 1 degrees of freedom, p= 0.0653
        LogRank.Result r = LogRank.test(List.of("Maintained", "Nonmaintained"), List.of(MAINTAINED, NON),
                List.of(MAINTAINED_EVENT, NON_EVENT));
        assertEquals(7, r.observed()[0]);
        assertEquals(11, r.observed()[1]);
        assertEquals(10.69, r.expected()[0], 5e-3);
        assertEquals(7.31, r.expected()[1], 5e-3);
        assertEquals(3.4, r.chiSquare(), 0.05);
        assertEquals(1, r.df());
        assertEquals(0.0653, r.p(), 5e-5);
    }

    @Test
    void threeGroupLogRankIsInvariantToGroupOrder() {
        // The k-group statistic uses k - 1 groups; dropping a different group must give the same χ²
        // (a property of the quadratic form with the generalised inverse).
        double[] a = {3, 5, 7, 9, 12};
        double[] b = {4, 6, 6, 10, 15};
        double[] c = {1, 2, 2, 8, 11};
        boolean[] ea = {true, false, true, true, false};
        boolean[] eb = {true, true, false, true, true};
        boolean[] ec = {true, true, true, false, true};
        LogRank.Result r1 = LogRank.test(List.of("a", "b", "c"), List.of(a, b, c), List.of(ea, eb, ec));
        LogRank.Result r2 = LogRank.test(List.of("c", "a", "b"), List.of(c, a, b), List.of(ec, ea, eb));
        assertEquals(2, r1.df());
        assertEquals(r1.chiSquare(), r2.chiSquare(), 1e-9);
        double sumO = 0;
        double sumE = 0;
        for (int j = 0; j < 3; j++) {
            sumO += r1.observed()[j];
            sumE += r1.expected()[j];
        }
        assertEquals(sumO, sumE, 1e-9, "expected events add up to the observed total");
    }
}
