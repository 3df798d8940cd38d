package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Boundary behaviour of every gate kind on hand-placed events; expected sets are worked out by hand in the
 * comments from the rules documented on each gate class.
 */
class GatesTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Events (x, y): index in the comment. */
    private static final double[][] XY = {
        {0, 0},       // 0  corner / vertex
        {10, 5},      // 1  on the right edge
        {5, 10},      // 2  on the top edge
        {9.5, 9.5},   // 3  inside near the top right
        {NAN, 5},     // 4
        {-INF, 5},    // 5
        {INF, 5},     // 6
        {0, 5},       // 7  on the left edge
        {5, 0},       // 8  on the bottom edge
        {10, 10},     // 9  top right vertex
        {5, 5},       // 10 centre; on both quadrant dividers
        {2, 0},       // 11 on the ellipse (x^2/4 + y^2 = 1)
        {2.5, 0},     // 12 outside the ellipse
        {0, 1},       // 13 on the ellipse
        {5, NAN},     // 14
        {5, INF},     // 15
    };

    private static EventFrame frame(BufferAllocator a, double[][] events, String... names) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            channels.add(Channel.linear(i, names[i], null, 1024));
        }
        double[][] cols = new double[names.length][events.length];
        for (int e = 0; e < events.length; e++) {
            for (int c = 0; c < names.length; c++) {
                cols[c][e] = events[e][c];
            }
        }
        Sample s = new Sample("synthetic", 0, Map.of(), channels, events.length, Optional.empty(), List.of());
        return EventFrame.fromColumns(a, s, cols);
    }

    private static RectangleGate.Range range(String ch, double lo, double hi) {
        return new RectangleGate.Range(Dimension.of(ch), lo, hi);
    }

    private static List<PolygonGate.Vertex> vertices(double... xy) {
        List<PolygonGate.Vertex> v = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            v.add(new PolygonGate.Vertex(xy[i], xy[i + 1]));
        }
        return v;
    }

    private static int[] members(GatingResult r, String id) {
        return r.mask(id).indices();
    }

    @Test
    void boundariesOfEveryGateKind() {
        var rect = new RectangleGate("Rect", null, List.of(range("X", 0, 10), range("Y", 0, 10)));
        var atLeast = new RectangleGate("XAtLeast0", null, List.of(range("X", 0, INF)));
        var below = new RectangleGate("XBelow10", null, List.of(range("X", -INF, 10)));
        var square = new PolygonGate("Square", null, Dimension.of("X"), Dimension.of("Y"),
                vertices(0, 0, 10, 0, 10, 10, 0, 10));
        var ellipse = new EllipsoidGate("Ell", null, List.of(Dimension.of("X"), Dimension.of("Y")),
                List.of(0.0, 0.0), List.of(List.of(4.0, 0.0), List.of(0.0, 1.0)), 1);
        var quad = new QuadrantGate("Q", null, List.of(
                new QuadrantGate.Divider("dx", Dimension.of("X"), List.of(5.0)),
                new QuadrantGate.Divider("dy", Dimension.of("Y"), List.of(5.0))),
                List.of(new QuadrantGate.Quadrant("LL", Map.of("dx", 0.0, "dy", 0.0)),
                        new QuadrantGate.Quadrant("HH", Map.of("dx", 7.0, "dy", 7.0)),
                        new QuadrantGate.Quadrant("XH", Map.of("dx", 6.0))));
        var notRect = new BooleanGate("NotRect", null, BooleanGate.Op.NOT,
                List.of(new BooleanGate.Operand("Rect", false)));
        var or = new BooleanGate("EllOrNotHH", null, BooleanGate.Op.OR,
                List.of(new BooleanGate.Operand("Ell", false), new BooleanGate.Operand("HH", true)));
        var child = new RectangleGate("Child", "LL", List.of(range("X", 2, 6)));
        var empty = new EllipsoidGate("EllInXH", "XH", ellipse.dimensions(), ellipse.mean(), ellipse.covariance(), 1);
        var strategy = new GatingStrategy(List.of(child, rect, atLeast, below, square, ellipse, quad, notRect, or,
                empty), Map.of(), Map.of());
        try (BufferAllocator a = Memory.newRootAllocator()) {
            GatingResult r;
            try (EventFrame f = frame(a, XY, "X", "Y")) {
                r = strategy.evaluate(f);
            }
            // [0,10) x [0,10): lower sides inclusive, upper exclusive, NaN and infinities out.
            assertArrayEquals(new int[] {0, 3, 7, 8, 10, 11, 12, 13}, members(r, "Rect"));
            // Open upper side accepts +Inf; -Inf and NaN fail x >= 0.
            assertArrayEquals(new int[] {0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, members(r, "XAtLeast0"));
            // Open lower side accepts -Inf; 10 and +Inf fail x < 10.
            assertArrayEquals(new int[] {0, 2, 3, 5, 7, 8, 10, 11, 12, 13, 14, 15}, members(r, "XBelow10"));
            // Polygon: left/bottom edges and the (0,0) vertex in; right/top edges and other vertices out; as Rect.
            assertArrayEquals(new int[] {0, 3, 7, 8, 10, 11, 12, 13}, members(r, "Square"));
            // x^2/4 + y^2 <= 1: boundary points (2,0) and (0,1) included.
            assertArrayEquals(new int[] {0, 11, 13}, members(r, "Ell"));
            // x < 5 and y < 5.
            assertArrayEquals(new int[] {0, 11, 12, 13}, members(r, "LL"));
            // x >= 5 and y >= 5; divider value itself goes up; +Inf in the open top interval.
            assertArrayEquals(new int[] {1, 2, 3, 6, 9, 10, 15}, members(r, "HH"));
            // Only x >= 5 constrained: y = NaN (14) does not matter.
            assertArrayEquals(new int[] {1, 2, 3, 6, 8, 9, 10, 14, 15}, members(r, "XH"));
            // NOT is the set complement: events with NaN coordinates are in it.
            assertArrayEquals(new int[] {1, 2, 4, 5, 6, 9, 14, 15}, members(r, "NotRect"));
            // Ell {0,11,13} OR complement of HH {0,4,5,7,8,11,12,13,14}.
            assertArrayEquals(new int[] {0, 4, 5, 7, 8, 11, 12, 13, 14}, members(r, "EllOrNotHH"));
            // Child = x in [2,6) within LL {0,11,12,13}.
            assertArrayEquals(new int[] {11, 12}, members(r, "Child"));
            assertEquals(0, r.mask("EllInXH").count());

            Population c = r.populations().stream().filter(p -> p.gateId().equals("Child")).findFirst().orElseThrow();
            assertEquals(new Population("Child", "/LL/Child", "LL", 2, 50.0, 12.5), c);
            Population e = r.populations().stream().filter(p -> p.gateId().equals("EllInXH")).findFirst()
                    .orElseThrow();
            assertEquals(0.0, e.percentOfParent());
            assertEquals(r.mask("Child"), r.mask("/LL/Child"));
            // Parents come before children in the population list.
            List<String> order = r.populations().stream().map(Population::gateId).toList();
            assertEquals(true, order.indexOf("LL") < order.indexOf("Child"));

            double[] xs = r.values("Ell", 0);
            for (int i = 0; i < XY.length; i++) {
                assertEquals(XY[i][0], xs[i], "x of event " + i);
            }
            assertArrayEquals(r.values("Rect", 1), r.values("HH", 1));
            assertThrows(IllegalArgumentException.class, () -> r.values("NotRect", 0));
            assertThrows(IllegalArgumentException.class, () -> r.mask("Q"));

            Table t = r.toTable("s1");
            assertEquals(strategy.populationIds().size(), t.rowCount());
            assertEquals(List.of("sample", "population", "parent", "count", "freq_parent", "freq_total"),
                    t.columnNames());
            int row = t.stringColumn("population").indexOf("/LL/Child");
            assertEquals("/LL", t.stringColumn("parent").get(row));
            assertEquals(2, t.intColumn("count").get(row));
            assertEquals(50.0, t.doubleColumn("freq_parent").get(row));
            assertEquals(0, a.getAllocatedMemory());
        }
    }

    @Test
    void degenerateAndSelfIntersectingPolygons() {
        double[][] events = {{5, 5}, {0, 0}, {10, 10}, {0, 0.5}, {0, 9}, {0, 3}};
        // All vertices on one line: no area, nothing inside (not even points on the line).
        var line = new PolygonGate("Line", null, Dimension.of("X"), Dimension.of("Y"), vertices(0, 0, 5, 5, 10, 10));
        // Repeated vertex: no area.
        var point = new PolygonGate("Point", null, Dimension.of("X"), Dimension.of("Y"), vertices(0, 0, 0, 0, 0, 0));
        // Pentagram (star drawn in one stroke, radius 10): the central pentagon is wound twice, so it is outside
        // under the even-odd rule; the tips are inside.
        var star = new PolygonGate("Star", null, Dimension.of("X"), Dimension.of("Y"),
                vertices(0, 10, 5.878, -8.09, -9.511, 3.09, 9.511, 3.09, -5.878, -8.09));
        var s = new GatingStrategy(List.of(line, point, star), Map.of(), Map.of());
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = frame(a, events, "X", "Y")) {
            GatingResult r = s.evaluate(f);
            assertEquals(0, r.mask("Line").count());
            assertEquals(0, r.mask("Point").count());
            // (0,9) lies in the top tip; (0,0.5) and (0,3) in the doubly wound centre (the centre pentagon reaches
            // up to y = 3.09); (5,5) and (10,10) outside the star; (0,0) centre.
            assertArrayEquals(new int[] {4}, r.mask("Star").indices());
        }
    }

    @Test
    void ellipsoidInThreeDimensions() {
        // mean 0, covariance diag(1, 4, 16), distance^2 = 1: x^2 + y^2/4 + z^2/16 <= 1 (all coefficients exact).
        double[][] events = {{0, 0, 4}, {0, 0, 4.5}, {0.5, 1, 2}, {1, 0, 0}, {0, 2, 0}, {0, 2.5, 0}, {NAN, 0, 0},
            {0, 0, -INF}};
        var e = new EllipsoidGate("E3", null, List.of(Dimension.of("X"), Dimension.of("Y"), Dimension.of("Z")),
                List.of(0.0, 0.0, 0.0),
                List.of(List.of(1.0, 0.0, 0.0), List.of(0.0, 4.0, 0.0), List.of(0.0, 0.0, 16.0)), 1);
        var s = new GatingStrategy(List.of(e), Map.of(), Map.of());
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = frame(a, events, "X", "Y", "Z")) {
            // 16/16 = 1 in; 20.25/16 out; 0.25+0.25+0.25 in; 1 in; 1 in; 1.5625 out; NaN out; Inf out.
            assertArrayEquals(new int[] {0, 2, 3, 4}, s.evaluate(f).mask("E3").indices());
        }
    }

    @Test
    void compensationTransformAndBoundsPipeline() {
        // Spillover: fluorochrome A puts 50% of its signal into detector B. True (a, b) = (100, 10) is measured as
        // (100, 60); compensation recovers b = 10. Second event: true (0, 40) measured as (0, 40).
        var spill = org.cytoarrow.core.compensation.SpilloverMatrix.square(List.of("A", "B"),
                new double[][] {{1, 0.5}, {0, 1}});
        List<Channel> channels = List.of(Channel.linear(0, "A", null, 1024), Channel.linear(1, "B", null, 1024));
        Sample sample = new Sample("spill", 0, Map.of(), channels, 2, Optional.of(spill), List.of());
        var bLow = new RectangleGate.Range(Dimension.of("B", Dimension.FCS, null), 5, 15);
        var fcs = new RectangleGate("FcsComp", null, List.of(bLow));
        var raw = new RectangleGate("Raw", null, List.of(new RectangleGate.Range(Dimension.of("B"), 5, 15)));
        var byId = new RectangleGate("MatrixComp", null,
                List.of(new RectangleGate.Range(Dimension.of("B", "M", null), 5, 15)));
        // flin(T=100, A=0) = x/100, clamped to boundMax 0.5: measured B 60 -> 0.6 -> 0.5, inside [0.5, 1).
        var lin = ScaleTransformation.linear("Lin", 100, 0).withBounds(Double.NEGATIVE_INFINITY, 0.5);
        var top = new RectangleGate("Clamped", null,
                List.of(new RectangleGate.Range(Dimension.of("B", Dimension.UNCOMPENSATED, "Lin"), 0.5, 1)));
        // fratio(A=1, B=0, C=0) of (B, A) compensated: 10/100 = 0.1 and 40/0 = +Inf.
        var ratio = RatioTransformation.of("R", "B", "A", 1, 0, 0);
        var ratioGate = new RectangleGate("Ratio", null,
                List.of(new RectangleGate.Range(Dimension.ratio("R", Dimension.FCS, null), 0.05, 0.2)));
        var s = new GatingStrategy(List.of(fcs, raw, byId, top, ratioGate), Map.of("Lin", lin, "R", ratio),
                Map.of("M", spill));
        try (BufferAllocator a = Memory.newRootAllocator();
             EventFrame f = EventFrame.fromColumns(a, sample, new double[][] {{100, 0}, {60, 40}})) {
            GatingResult r = s.evaluate(f);
            assertArrayEquals(new int[] {0}, r.mask("FcsComp").indices());
            assertArrayEquals(new int[] {0}, r.mask("MatrixComp").indices());
            assertArrayEquals(new int[] {}, r.mask("Raw").indices());
            assertArrayEquals(new double[] {10, 40}, r.values("FcsComp", 0), 1e-12);
            assertArrayEquals(new double[] {0.5, 0.4}, r.values("Clamped", 0), 0);
            assertArrayEquals(new int[] {0}, r.mask("Clamped").indices());
            assertArrayEquals(new double[] {0.1, INF}, r.values("Ratio", 0), 1e-15);
            assertArrayEquals(new int[] {0}, r.mask("Ratio").indices());
        }
    }

    @Test
    void invalidGatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> range("X", NAN, 1));
        assertThrows(IllegalArgumentException.class, () -> new PolygonGate("P", null, Dimension.of("X"),
                Dimension.of("Y"), vertices(0, 0, 1, 1)));
        var singular = new EllipsoidGate("E", null, List.of(Dimension.of("X"), Dimension.of("Y")),
                List.of(0.0, 0.0), List.of(List.of(1.0, 1.0), List.of(1.0, 1.0)), 1);
        assertThrows(IllegalArgumentException.class, singular::inverseCovariance);
        var missingChannel = new GatingStrategy(List.of(new RectangleGate("R", null, List.of(range("Nope", 0, 1)))),
                Map.of(), Map.of());
        try (BufferAllocator a = Memory.newRootAllocator(); EventFrame f = frame(a, XY, "X", "Y")) {
            var ex = assertThrows(org.cytoarrow.core.CytoException.class, () -> missingChannel.evaluate(f));
            assertEquals("CHANNEL_NOT_FOUND", ex.code());
        }
    }
}
