package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GatePlotsPercentTest {
    @Test
    void oneDecimalFromTenPercentTwoBelow() {
        assertEquals("94.0%", GatePlots.percent(94));
        assertEquals("15.6%", GatePlots.percent(15.55));
        assertEquals("0.0%", GatePlots.percent(0));
        assertEquals("0.0%", GatePlots.percent(-0.0));
        assertEquals("5.13%", GatePlots.percent(5.125));
        assertEquals("0.01%", GatePlots.percent(0.005));
        assertEquals("100.0%", GatePlots.percent(100));
        assertEquals("10.00%", GatePlots.percent(9.999));
        assertEquals("n/a", GatePlots.percent(Double.NaN));
    }

    @Test
    void roundsAsStringFormatDoes() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            // percentages of event counts, and decimals on the rounding edge
            double v = i % 2 == 0 ? 100.0 * rnd.nextInt(1_000_001) / rnd.nextInt(1, 1_000_001) % 100.0001
                    : rnd.nextInt(100_000) / 1000.0 + 0.0005;
            String expected = String.format(Locale.ROOT, v >= 10 || v == 0 ? "%.1f%%" : "%.2f%%", v);
            assertEquals(expected, GatePlots.percent(v), "v = " + v);
        }
    }
}
