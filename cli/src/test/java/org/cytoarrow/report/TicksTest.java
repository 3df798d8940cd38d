package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.cytoarrow.core.transform.Transform;
import org.cytoarrow.gating.ScaleTransformation;
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

    private static double value(String label) {
        return label.endsWith("M") ? Double.parseDouble(label.replace("M", "")) * 1e6
                : label.endsWith("K") ? Double.parseDouble(label.replace("K", "")) * 1e3
                : Double.parseDouble(label);
    }

    private static List<String> labels(List<Ticks.Tick> ticks) {
        return ticks.stream().map(Ticks.Tick::label).toList();
    }

    /** The labelled ticks of {@code ticks}, without the minor ones. */
    private static List<Ticks.Tick> labelled(List<Ticks.Tick> ticks) {
        return ticks.stream().filter(t -> !t.isMinor()).toList();
    }

    /**
     * Every tick of a transformed axis sits where the transformation puts the data value its label reads as, inside
     * the axis, in order, never closer than {@link Ticks#MIN_GAP} to the next.
     */
    private static void assertPlacedByTheirLabels(List<Ticks.Tick> ticks, Range range, Transform scale) {
        for (int i = 0; i < ticks.size(); i++) {
            Ticks.Tick t = ticks.get(i);
            assertEquals(scale.apply(value(t.label())), t.position(), range.span() * 1e-12, t.toString());
            assertTrue(t.position() >= range.min() - 1e-9 && t.position() <= range.max() + 1e-9, t.toString());
            if (i > 0) {
                assertTrue(t.position() - ticks.get(i - 1).position() >= range.span() * Ticks.MIN_GAP - 1e-12,
                        ticks.toString());
            }
        }
    }

    @Test
    void aLogicleAxisIsLabelledInDecadesOfTheData() {
        Transform logicle = ScaleTransformation.logicle("L", 262_144, 0.5, 4.5, 0).transform();
        Range all = new Range(0, 1);
        List<Ticks.Tick> ticks = labelled(Ticks.scaled(all, logicle, 5));
        assertEquals(List.of("-100", "0", "100", "1K", "10K", "100K"), labels(ticks), "logicle shows a little below 0");
        assertPlacedByTheirLabels(ticks, all, logicle);

        Transform negative = ScaleTransformation.logicle("L", 262_144, 0.5, 4.5, 2).transform();
        ticks = labelled(Ticks.scaled(all, negative, 5));
        assertTrue(labels(ticks).containsAll(List.of("-1K", "0", "1K", "10K", "100K")), labels(ticks).toString());
        assertPlacedByTheirLabels(ticks, all, negative);

        // About one decade in view (a gated population): 2 and 5 times the powers of ten join in.
        Range narrow = new Range(logicle.apply(3_000), logicle.apply(25_000));
        ticks = labelled(Ticks.scaled(narrow, logicle, 5));
        assertEquals(List.of("5K", "10K", "20K"), labels(ticks));
        assertPlacedByTheirLabels(ticks, narrow, logicle);
    }

    @Test
    void logAndLinearAxes() {
        Transform log = ScaleTransformation.log("G", 262_144, 4.5).transform();
        Range all = new Range(0, 1);
        List<Ticks.Tick> ticks = labelled(Ticks.scaled(all, log, 5));
        assertEquals(List.of("10", "100", "1K", "10K", "100K"), labels(ticks));
        assertPlacedByTheirLabels(ticks, all, log);

        Transform linear = ScaleTransformation.linear("F", 262_144, 0).transform();
        ticks = Ticks.scaled(all, linear, 5);
        assertEquals(List.of("0", "50K", "100K", "150K", "200K", "250K"), labels(ticks), "nice steps of the data");
        for (Ticks.Tick t : ticks) {
            assertEquals(value(t.label()) / 262_144, t.position(), 1e-12);
        }

        assertEquals(Ticks.plain(all, 5), Ticks.scaled(all, null, 5), "no scale: the plotted values");
        assertEquals(List.of("0", "0.5", "1"), labels(Ticks.plain(all, 2)));
    }

    @Test
    void minorTicksFillTheLabelledDecadesOfALogAxis() {
        Transform logicle = ScaleTransformation.logicle("L", 262_144, 0.5, 4.5, 0).transform();
        Range all = new Range(0, 1);
        List<Ticks.Tick> ticks = Ticks.scaled(all, logicle, 5);
        assertEquals(List.of("-100", "0", "100", "1K", "10K", "100K"), labels(labelled(ticks)),
                "the labelled ticks stay");
        List<Double> expected = new java.util.ArrayList<>();
        for (double decade : new double[] {100, 1_000, 10_000, 100_000}) { // -100 is at the axis' end already
            for (int m = 2; m <= 9; m++) {
                if (m * decade <= 262_144) {
                    expected.add(logicle.apply(m * decade));
                }
            }
        }
        List<Double> minor = ticks.stream().filter(Ticks.Tick::isMinor).map(Ticks.Tick::position).toList();
        assertEquals(25, expected.size());
        assertEquals(expected.size(), minor.size(), minor.toString());
        for (int i = 0; i < minor.size(); i++) {
            assertEquals(expected.get(i), minor.get(i), 1e-12);
        }
        Transform linear = ScaleTransformation.linear("F", 262_144, 0).transform();
        assertTrue(Ticks.scaled(all, linear, 5).stream().noneMatch(Ticks.Tick::isMinor), "a linear axis has none");
    }
}
