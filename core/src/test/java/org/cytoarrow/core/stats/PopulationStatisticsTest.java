package org.cytoarrow.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PopulationStatisticsTest {

    /** 20 member values, including negatives and a zero, hidden among decoys in a 30-event sample. */
    private static final double[] MEMBERS = {812.5, -41.0, 1530.25, 96.0, 0.0, 2204.0, 377.75, 15.5, 640.0, 1188.0,
        -3.25, 455.0, 5020.0, 73.0, 298.5, 910.0, 1.0, 2650.5, 133.0, 760.25};

    @Test
    void matchesNumPyOnTwentyValuesWithNegativesAndZero() {
        int size = 30;
        double[] values = new double[size];
        boolean[] member = new boolean[size];
        boolean[] parent = new boolean[size];
        boolean[] ancestor = new boolean[size];
        Arrays.fill(values, 1e9); // decoys outside the population must not count
        for (int i = 0; i < MEMBERS.length; i++) {
            int event = i + i / 2; // spread the members: events 0,1,3,4,6,7,...
            values[event] = MEMBERS[i];
            member[event] = true;
        }
        for (int i = 0; i < size; i++) {
            parent[i] = member[i] || i >= 25;        // 20 members + 5 others
            ancestor[i] = parent[i] || i % 7 == 2;   // plus a few more
        }
        EventMask pop = EventMask.of(member);
        EventMask par = EventMask.of(parent);
        EventMask anc = EventMask.of(ancestor);
        List<Statistic> stats = Statistic.parseList(
                "count, freq_parent, freq_total, freq_of:/Cells, mean, median, gmean, sd, cv, rsd, rcv, "
                        + "p5, p15.87, p84.13, p99.5, p25, p75, min, max");
        StatisticValues r = PopulationStatistics.compute(values, pop, new Lineage(par, Map.of("/Cells", anc)), stats);

        // Reference values from NumPy 2.4.6 / SciPy 1.17.1, run by the author outside the project:
        //   x = np.array(MEMBERS); x.mean(); x.std(ddof=1); np.median(x);
        //   np.percentile(x, p, method="linear") for p in [5, 15.87, 84.13, 99.5, 25, 75];
        //   scipy.stats.gmean(x[x > 0])
        assertEquals(20, r.count());
        assertEquals(20, r.valueCount());
        assertEquals(3, r.nonPositiveExcluded(), "-41, 0 and -3.25 are left out of the geometric mean");
        assertEquals(100.0 * 20 / par.count(), r.get("freq_parent"), 1e-12);
        assertEquals(100.0 * 20 / 30, r.get("freq_total"), 1e-12);
        assertEquals(100.0 * 20 / anc.count(), r.get("freq_of:/Cells"), 1e-12);
        assertEquals(856.05, r.get("mean"), 1e-9);
        assertEquals(1238.1771130003553, r.get("sd"), 1e-9);
        assertEquals(100 * 1238.1771130003553 / 856.05, r.get("cv"), 1e-9);
        assertEquals(416.375, r.get("median"), 1e-12);
        assertEquals(345.4599382004319, r.get("gmean"), 1e-9);
        assertEquals(-5.1374999999999975, r.get("p5"), 1e-9);
        assertEquals(1.2218499999999917, r.get("p15.87"), 1e-9);
        assertEquals(1525.0135749999995, r.get("p84.13"), 1e-9);
        assertEquals(4794.897500000003, r.get("p99.5"), 1e-9);
        assertEquals(58.625, r.get("p25"), 1e-12);
        assertEquals(979.5, r.get("p75"), 1e-12);
        assertEquals(-41.0, r.get("min"));
        assertEquals(5020.0, r.get("max"));
        double rsd = (1525.0135749999995 - 1.2218499999999917) / 2;
        assertEquals(rsd, r.get("rsd"), 1e-9);
        assertEquals(100 * rsd / 416.375, r.get("rcv"), 1e-9);
    }

    @Test
    void matchesHandComputationOnOneToFour() {
        // x = 1, 2, 3, 4 (by hand): mean 2.5; sample variance ((1.5^2 + 0.5^2) * 2) / 3 = 5/3; gmean 24^(1/4);
        // type 7: P25 at h = 3 * 0.25 = 0.75 -> 1 + 0.75 = 1.75; P15.87 at h = 0.4761 -> 1.4761;
        // P84.13 at h = 2.5239 -> 3.5239; rSD = (3.5239 - 1.4761) / 2 = 1.0239; rCV = 100 * 1.0239 / 2.5 = 40.956.
        double[] v = {4, 1, 3, 2};
        StatisticValues r = PopulationStatistics.compute(v, EventMask.all(4), Lineage.root(),
                Statistic.parseList("mean,sd,cv,gmean,median,p25,rsd,rcv,p0,p100"));
        assertEquals(2.5, r.get("mean"), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), r.get("sd"), 1e-15);
        assertEquals(100 * Math.sqrt(5.0 / 3) / 2.5, r.get("cv"), 1e-12);
        assertEquals(Math.pow(24, 0.25), r.get("gmean"), 1e-14);
        assertEquals(2.5, r.get("median"), 0);
        assertEquals(1.75, r.get("p25"), 1e-15);
        assertEquals(1.0239, r.get("rsd"), 1e-12);
        assertEquals(40.956, r.get("rcv"), 1e-10);
        assertEquals(1, r.get("p0"));
        assertEquals(4, r.get("p100"));
        assertArrayEquals(new double[] {4, 1, 3, 2}, v, "the caller's values are not reordered");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.1, 0.5, 0.97, 1.0})
    void agreesWithCommonsMathOnRandomMasks(double density) {
        // Independent implementation: commons-math3 DescriptiveStatistics (mean, SD n-1, min, max) and
        // Percentile with EstimationType.R_7 (= Hyndman-Fan type 7), both on the member values gathered naively.
        SplittableRandom rnd = new SplittableRandom(42);
        int size = 50_000 + 17;
        double[] values = new double[size];
        boolean[] member = new boolean[size];
        for (int i = 0; i < size; i++) {
            values[i] = rnd.nextInt(10) == 0 ? Math.rint(rnd.nextDouble(0, 50)) // ties
                    : Math.exp(rnd.nextGaussian() * 1.5 + 6) - 100;                 // skewed, some negatives
            member[i] = rnd.nextDouble() < density;
        }
        double[] naive = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (member[i]) {
                naive[n++] = values[i];
            }
        }
        naive = Arrays.copyOf(naive, n);
        DescriptiveStatistics ds = new DescriptiveStatistics(naive);
        Percentile r7 = new Percentile().withEstimationType(EstimationType.R_7);
        r7.setData(naive);

        double[] ps = {0, 0.5, 1, 5, 15.87, 25, 50, 75, 84.13, 95, 99, 99.5, 100};
        List<Statistic> stats = new java.util.ArrayList<>(Statistic.parseList("count,mean,sd,min,max,median"));
        for (double p : ps) {
            stats.add(Statistic.percentile(p));
        }
        StatisticValues r = PopulationStatistics.compute(values, EventMask.of(member), Lineage.root(), stats);
        assertEquals(n, r.count());
        assertEquals(ds.getMean(), r.get("mean"), 1e-9 * Math.abs(ds.getMean()) + 1e-12);
        if (n > 1) {
            assertEquals(ds.getStandardDeviation(), r.get("sd"), 1e-9 * ds.getStandardDeviation());
        }
        assertEquals(ds.getMin(), r.get("min"));
        assertEquals(ds.getMax(), r.get("max"));
        assertEquals(r7.evaluate(50), r.get("median"), 1e-9 * Math.abs(r7.evaluate(50)) + 1e-12);
        for (double p : ps) {
            double expected = p == 0 ? ds.getMin() : r7.evaluate(p); // commons-math3 Percentile takes p in (0, 100]
            assertEquals(expected, r.get(Statistic.percentile(p)), 1e-9 * Math.abs(expected) + 1e-12, "p" + p);
        }
    }

    @Test
    void nanValuesAreCountedButLeftOutOfValueStatistics() {
        double[] v = {Double.NaN, 3, 1, Double.NaN, 2};
        StatisticValues r = PopulationStatistics.compute(v, EventMask.all(5), Lineage.root(),
                Statistic.parseList("count,mean,median,max"));
        assertEquals(5, r.count());
        assertEquals(3, r.valueCount());
        assertEquals(2, r.nanExcluded());
        assertEquals(2, r.get("mean"), 0);
        assertEquals(2, r.get("median"), 0);
        assertEquals(3, r.get("max"), 0);
    }

    @Test
    void bothInfinitiesWithoutNaNAreValues() {
        // their sum is NaN as if a NaN were there: none must be excluded
        double[] v = {Double.POSITIVE_INFINITY, 3, Double.NEGATIVE_INFINITY, 1, 2};
        StatisticValues r = PopulationStatistics.compute(v, EventMask.all(5), Lineage.root(),
                Statistic.parseList("mean,median,min,max,p25"));
        assertEquals(5, r.valueCount());
        assertEquals(0, r.nanExcluded());
        assertEquals(1, r.nonPositiveExcluded());
        assertTrue(Double.isNaN(r.get("mean")));
        assertEquals(2, r.get("median"), 0);
        assertEquals(Double.NEGATIVE_INFINITY, r.get("min"));
        assertEquals(Double.POSITIVE_INFINITY, r.get("max"));
        assertEquals(1, r.get("p25"), 0);
    }

    @Test
    void nanWithSignBitAndInfinitiesAmongMembers() {
        double negativeNaN = Double.longBitsToDouble(0xfff8_0000_0000_0000L);
        double[] v = {negativeNaN, 4, Double.NaN, 6, -2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 9};
        boolean[] in = {true, true, true, true, true, false, false, false};
        StatisticValues r = PopulationStatistics.compute(v, EventMask.of(in), Lineage.root(),
                Statistic.parseList("count,mean,median,gmean,sd"));
        assertEquals(5, r.count());
        assertEquals(3, r.valueCount());
        assertEquals(2, r.nanExcluded());
        assertEquals(1, r.nonPositiveExcluded(), "-2 only: a NaN is no value, whatever its sign bit");
        assertEquals(8.0 / 3, r.get("mean"), 1e-15);
        assertEquals(4, r.get("median"), 0);
        assertEquals(Math.sqrt(24), r.get("gmean"), 1e-14);
        assertEquals(Math.sqrt(((4 - 8.0 / 3) * (4 - 8.0 / 3) + (6 - 8.0 / 3) * (6 - 8.0 / 3)
                + (-2 - 8.0 / 3) * (-2 - 8.0 / 3)) / 2), r.get("sd"), 1e-14);
    }

    @Test
    void emptyPopulationGivesZeroCountAndNaNValues() {
        double[] v = {1, 2, 3};
        StatisticValues r = PopulationStatistics.compute(v, EventMask.none(3), Lineage.of(EventMask.none(3)),
                PopulationStatistics.STANDARD);
        assertEquals(0, r.get("count"));
        assertTrue(Double.isNaN(r.get("freq_parent")), "0 of an empty parent is undefined");
        assertEquals(0, r.get("freq_total"));
        for (String s : List.of("mean", "median", "gmean", "sd", "cv", "rsd", "rcv", "min", "max")) {
            assertTrue(Double.isNaN(r.get(s)), s);
        }
    }

    @Test
    void singleValueHasUndefinedSdButDefinedPercentiles() {
        StatisticValues r = PopulationStatistics.compute(new double[] {7}, EventMask.all(1), Lineage.root(),
                Statistic.parseList("sd,median,p99,rsd"));
        assertTrue(Double.isNaN(r.get("sd")));
        assertEquals(7, r.get("median"));
        assertEquals(7, r.get("p99"));
        assertEquals(0, r.get("rsd"));
    }

    @Test
    void geometricMeanWithoutPositiveValuesIsNaN() {
        StatisticValues r = PopulationStatistics.compute(new double[] {-1, 0, -5}, EventMask.all(3), Lineage.root(),
                List.of(Statistic.GEOMETRIC_MEAN));
        assertTrue(Double.isNaN(r.get("gmean")));
        assertEquals(3, r.nonPositiveExcluded());
    }

    @Test
    void countsAndFrequenciesNeedNoValues() {
        boolean[] m = new boolean[200];
        for (int i = 0; i < 50; i++) {
            m[i * 3] = true;
        }
        StatisticValues r = PopulationStatistics.compute(null, EventMask.of(m), Lineage.root(),
                Statistic.parseList("count,freq_parent,freq_total"));
        assertEquals(50, r.get("count"));
        assertEquals(25, r.get("freq_parent"), 1e-12, "a root population's parent is the whole sample");
        assertEquals(25, r.get("freq_total"), 1e-12);
    }

    @Test
    void percentilesOfPlainArrayExcludeNaNAndKeepInput() {
        double[] v = {10, Double.NaN, 0, 5};
        double[] p = PopulationStatistics.percentiles(v, 50, 0, 100, 25);
        assertArrayEquals(new double[] {5, 0, 10, 2.5}, p, 1e-15);
        assertTrue(Double.isNaN(v[1]));
        assertEquals(10, v[0]);
    }

    @Test
    void badInputIsACytoException() {
        EventMask m = EventMask.all(3);
        assertThrows(CytoException.class, () -> PopulationStatistics.compute(new double[2], m, Lineage.root(),
                List.of(Statistic.MEAN)));
        assertThrows(CytoException.class, () -> PopulationStatistics.compute(null, m, Lineage.root(),
                List.of(Statistic.MEAN)));
        CytoException e = assertThrows(CytoException.class, () -> PopulationStatistics.compute(null, m,
                Lineage.root(), List.of(Statistic.frequencyOf("/Lymphocytes"))));
        assertTrue(e.getMessage().contains("/Lymphocytes"), e.getMessage());
        assertThrows(CytoException.class, () -> PopulationStatistics.compute(null, m,
                Lineage.of(EventMask.all(4)), List.of(Statistic.FREQ_PARENT)));
    }
}
