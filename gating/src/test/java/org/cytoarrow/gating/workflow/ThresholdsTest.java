package org.cytoarrow.gating.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RectangleGate;
import org.junit.jupiter.api.Test;

/** Control-derived thresholds on hand-made events, checked against percentiles computed by hand. */
class ThresholdsTest {
    // Control: channel A selects the population (A >= 5), channel B is the marker.
    private static final double[] CONTROL_A = {1, 2, 6, 7, 8, 9, 10, 11, 12, 13};
    private static final double[] CONTROL_B = {100, 200, 8, 1, 7, 2, 6, 3, 5, 4};
    // Stained tube: same A, B spread 0..9 (two events outside the population).
    private static final double[] STAINED_A = {1, 2, 6, 7, 8, 9, 10, 11, 12, 13};
    private static final double[] STAINED_B = {9, 9, 0, 7.29, 7.3, 7.31, 9, 1, 8, 2};

    private static GatingStrategy strategy() {
        RectangleGate pos = new RectangleGate("Pos", null, List.of(new RectangleGate.Range(Dimension.of("A"), 5,
                Double.POSITIVE_INFINITY)));
        QuadrantGate quad = new QuadrantGate("Q", "Pos", List.of(
                new QuadrantGate.Divider("Adiv", Dimension.of("A"), List.of(5.0)),
                new QuadrantGate.Divider("Bdiv", Dimension.of("B"), List.of(0.5))), List.of(
                new QuadrantGate.Quadrant("Bpos", Map.of("Adiv", 10.0, "Bdiv", 1e9)),
                new QuadrantGate.Quadrant("Bneg", Map.of("Adiv", 10.0, "Bdiv", -1e9))));
        RectangleGate rect = new RectangleGate("BposRect", "Pos", List.of(new RectangleGate.Range(Dimension.of("B"),
                0.5, Double.POSITIVE_INFINITY)));
        return new GatingStrategy(List.of(pos, quad, rect), Map.of(), Map.of());
    }

    private static EventFrame frame(BufferAllocator a, double[] x, double[] y) {
        List<Channel> channels = new ArrayList<>(List.of(Channel.linear(0, "A", null, 1024),
                Channel.linear(1, "B", null, 1024)));
        Sample s = new Sample("t", 0, Map.of(), channels, x.length, Optional.empty(), List.of());
        return EventFrame.fromColumns(a, s, new double[][] {x, y});
    }

    @Test
    void dividerFromControlPercentile() {
        ThresholdRule rule = new ThresholdRule("b", "isotype", "stained", "Pos", "Q", "Bdiv",
                ThresholdRule.Bound.MIN, 90);
        try (BufferAllocator a = Memory.newRootAllocator()) {
            GatingStrategy s = strategy();
            DerivedThreshold t;
            try (EventFrame control = frame(a, CONTROL_A, CONTROL_B)) {
                t = Thresholds.derive(rule, s.evaluate(control), "ctrl");
            }
            // Pos members' B values sorted: 1..8 (n = 8). Type 7: h = (8 - 1) * 0.90 = 6.3 -> x(6) + 0.3 (x(7) - x(6))
            // with 0-based order statistics x(6) = 7, x(7) = 8: 7.3. Events 100 and 200 are outside Pos.
            assertEquals(7.3, t.value(), 1e-12);
            assertEquals(8, t.events());
            assertEquals("/Pos", t.population());
            assertEquals("ctrl", t.control());
            GatingStrategy applied = Thresholds.apply(s, rule, t);
            assertEquals(List.of(7.3), ((QuadrantGate) applied.gate("Q").orElseThrow()).divider("Bdiv").values());
            try (EventFrame stained = frame(a, STAINED_A, STAINED_B)) {
                GatingResult r = applied.evaluate(stained);
                // In Pos (A >= 5: events 2..9) with B >= 7.3 (lower bound inclusive): 7.3, 7.31, 9, 8 -> 4.
                assertEquals(4, r.mask("Bpos").count());
                assertEquals(4, r.mask("Bneg").count());
                // The untouched strategy still uses the placeholder 0.5: every Pos event but B = 0.
                assertEquals(7, s.evaluate(stained).mask("Bpos").count());
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void rectangleBoundFromControl() {
        ThresholdRule min = new ThresholdRule("b", "fmo", "stained", "/Pos", "BposRect", "B",
                ThresholdRule.Bound.MIN, 50);
        try (BufferAllocator a = Memory.newRootAllocator()) {
            GatingStrategy s = strategy();
            try (EventFrame control = frame(a, CONTROL_A, CONTROL_B);
                 EventFrame stained = frame(a, STAINED_A, STAINED_B)) {
                DerivedThreshold t = Thresholds.derive(min, s.evaluate(control), "fmo");
                // Median of 1..8 = 4.5.
                assertEquals(4.5, t.value(), 1e-12);
                GatingStrategy applied = Thresholds.apply(s, min, t);
                // Pos events with B >= 4.5: 7.29, 7.3, 7.31, 9, 8 -> 5.
                assertEquals(5, applied.evaluate(stained).mask("BposRect").count());
                GatingStrategy upper = GateBoundaries.withBound(s, "BposRect", "B", ThresholdRule.Bound.MAX, 4.5);
                // B in [0.5, 4.5): 1, 2 -> 2.
                assertEquals(2, upper.evaluate(stained).mask("BposRect").count());
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void emptyControlPopulationIsAnError() {
        ThresholdRule rule = new ThresholdRule("b", "isotype", "stained", "Pos", "Q", "Bdiv",
                ThresholdRule.Bound.MIN, 99.5);
        try (BufferAllocator a = Memory.newRootAllocator()) {
            try (EventFrame control = frame(a, new double[] {1, 2}, new double[] {3, 4})) {
                CytoException e = assertThrows(CytoException.class,
                        () -> Thresholds.derive(rule, strategy().evaluate(control), "ctrl"));
                assertEquals("THRESHOLD_EMPTY_CONTROL", e.code());
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void badBoundariesAreRejected() {
        GatingStrategy s = strategy();
        assertThrows(IllegalArgumentException.class, () -> GateBoundaries.withDivider(s, "Pos", "Bdiv", 1));
        assertThrows(IllegalArgumentException.class, () -> GateBoundaries.withDivider(s, "Q", "Cdiv", 1));
        assertThrows(IllegalArgumentException.class,
                () -> GateBoundaries.withBound(s, "BposRect", "A", ThresholdRule.Bound.MIN, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdRule("b", "i", "s", "Pos", "Q", "Bdiv",
                ThresholdRule.Bound.MIN, 100.5));
    }
}
