package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cytoarrow.core.EventMask;
import org.junit.jupiter.api.Test;

/** Axis ranges: every finite parent value up to the sample size, every k-th parent event above it. */
class GatePlotsRangeTest {

    @Test
    void smallParentsGiveEveryFiniteValue() {
        double[] v = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5, -2, Double.NEGATIVE_INFINITY, 8};
        boolean[] m = {true, true, false, true, true, true, true, false};
        assertArrayEquals(new double[] {1, 5, -2}, GatePlots.rangeSample(v, EventMask.of(m)));
        assertArrayEquals(new double[] {1, 3, 5, -2, 8}, GatePlots.rangeSample(v, null));
    }

    @Test
    void largeParentsGiveEveryKthEventInOrder() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 1_000_003;
        double[] v = new double[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() < 0.01 ? Double.NaN : r.nextGaussian() * 1000;
            // runs of members and non-members, so whole 64-event words are skipped and split
            m[i] = (i / 700) % 3 != 0 && r.nextDouble() < 0.9;
        }
        int members = 0;
        for (boolean b : m) {
            members += b ? 1 : 0;
        }
        int step = (members + GatePlots.RANGE_SAMPLE - 1) / GatePlots.RANGE_SAMPLE;
        assertTrue(step > 1);
        double[] expected = new double[members];
        int k = 0;
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (m[i] && seen++ % step == 0 && Double.isFinite(v[i])) {
                expected[k++] = v[i];
            }
        }
        double[] got = GatePlots.rangeSample(v, EventMask.of(m));
        assertArrayEquals(Arrays.copyOf(expected, k), got);
        assertTrue(got.length <= GatePlots.RANGE_SAMPLE);

        double[] all = GatePlots.rangeSample(v, null);
        int stepAll = (n + GatePlots.RANGE_SAMPLE - 1) / GatePlots.RANGE_SAMPLE;
        k = 0;
        for (int i = 0; i < n; i += stepAll) {
            if (Double.isFinite(v[i])) {
                expected[k++] = v[i];
            }
        }
        assertArrayEquals(Arrays.copyOf(expected, k), all);
    }

    @Test
    void sampledRangeIsCloseToTheExactOne() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 400_000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50_000 + 10_000 * r.nextGaussian();
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        // type 7 percentiles of all values, padded by 4 % as range() does
        double lo = percentile(sorted, 0.5);
        double hi = percentile(sorted, 99.5);
        double pad = (hi - lo) * 0.04;
        Range exact = new Range(lo - pad, hi + pad);
        Range sampled = GatePlots.range(v, null);
        // a 0.5th percentile of 16,384 normal values has a standard error of about 0.7 % of this span (the tail
        // is thin); three standard errors are 6 pixels on a 300-pixel axis
        assertEquals(exact.min(), sampled.min(), 0.02 * exact.span());
        assertEquals(exact.max(), sampled.max(), 0.02 * exact.span());
    }

    private static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p / 100;
        int i = (int) Math.floor(h);
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }
}
