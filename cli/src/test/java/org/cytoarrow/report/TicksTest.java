package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void labelsWrittenByHand() {
        assertEquals("0", Ticks.label(0, 0.5));
        assertEquals("0", Ticks.label(1e-17, 0.1), "rounding noise around zero");
        assertEquals("0.5", Ticks.label(0.5, 0.5));
        assertEquals("1", Ticks.label(1.0, 0.5));
        assertEquals("0.3", Ticks.label(3 * 0.1, 0.1), "3 x 0.1 is 0.30000000000000004");
        assertEquals("-1.5", Ticks.label(-1.5, 0.5));
        assertEquals("-0.2", Ticks.label(-2 * 0.1, 0.1));
        assertEquals("0.05", Ticks.label(0.05, 0.05));
        assertEquals("0.15", Ticks.label(3 * 0.05, 0.05));
        assertEquals("0.0000003", Ticks.label(3 * 1e-7, 1e-7));
        assertEquals("999", Ticks.label(999, 1));
        assertEquals("120", Ticks.label(120, 20));
        assertEquals("50K", Ticks.label(50_000, 10_000));
        assertEquals("2500", Ticks.label(2_500, 500));
        assertEquals("25K", Ticks.label(25_000, 5_000));
        assertEquals("-5K", Ticks.label(-5_000, 5_000));
        assertEquals("1.5M", Ticks.label(1_500_000, 500_000));
        assertEquals("500K", Ticks.label(500_000, 500_000), "below a million, thousands");
        assertEquals("2M", Ticks.label(2_000_000, 1_000_000));
        assertEquals("1.2M", Ticks.label(1_200_000, 100_000));
        assertEquals("1050K", Ticks.label(1_050_000, 50_000), "a step under 100K would need two decimals in M");
        assertEquals("262K", Ticks.label(262_000, 1_000));
        assertEquals("2000", Ticks.label(2_000, 500), "a step under 1000 keeps plain numbers");
    }

    @Test
    void positionsAreMultiplesOfANiceStepInsideTheRange() {
        assertEquals(0.2, Ticks.step(new Range(0, 1), 5), 1e-15);
        List<Double> p = Ticks.positions(new Range(0, 1), 5);
        assertEquals(6, p.size());
        assertEquals(0.0, p.get(0));
        assertEquals(1.0, p.get(5), 1e-12);
        assertEquals(List.of(-100.0, 0.0, 100.0, 200.0), Ticks.positions(new Range(-150, 250), 4));
    }

    /** Every label of random axes reads back as its tick, to the step's precision, and no two labels are equal. */
    @Test
    void labelsReadBackAsTheirTicks() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            double scale = Math.pow(10, r.nextInt(-6, 8));
            double min = (r.nextDouble() - 0.5) * 10 * scale;
            Range range = new Range(min, min + (0.5 + r.nextDouble() * 10) * scale);
            int target = 2 + r.nextInt(8);
            double step = Ticks.step(range, target);
            HashSet<String> seen = new HashSet<>();
            for (double t : Ticks.positions(range, target)) {
                String label = Ticks.label(t, step);
                double back = label.endsWith("M") ? Double.parseDouble(label.replace("M", "")) * 1e6
                        : label.endsWith("K") ? Double.parseDouble(label.replace("K", "")) * 1e3
                        : Double.parseDouble(label);
                assertEquals(t, back, step * 1e-6, range + " step " + step + ": " + label);
                assertTrue(seen.add(label), range + ": label " + label + " twice");
            }
        }
    }
}
