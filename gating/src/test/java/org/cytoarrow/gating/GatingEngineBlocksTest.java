package org.cytoarrow.gating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.compensation.Compensator;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.core.transform.LogicleTransform;
import org.cytoarrow.core.transform.RatioTransform;
import org.junit.jupiter.api.Test;

/**
 * The engine computes gate columns block by block and in parallel ranges of events; this checks, on more events
 * than one parallel range and a partial last block, that every value and mask equals the column-at-a-time
 * definition: whole-column scale values ({@link Channel#toScale}), {@link Compensator#apply}, core transforms,
 * then each gate on those columns with its parent applied.
 */
class GatingEngineBlocksTest {
    @Test
    void blockedColumnsEqualWholeColumnEvaluation() {
        int n = 2 * ColumnCache.BLOCK * ColumnCache.BLOCKS_PER_TASK + ColumnCache.BLOCK + 77;
        List<Channel> channels = List.of(
                Channel.linear(0, "FSC", null, 262144),
                new Channel(1, "SSC", null, 32, 1024, ColumnStorage.FLOAT32, 4, 1, Double.NaN, false, 1),
                new Channel(2, "FL1", null, 64, 262144, ColumnStorage.FLOAT64, 0, 0, 2.0, false, 1),
                Channel.linear(3, "FL2", null, 262144),
                Channel.linear(4, "FL3", null, 262144));
        SplittableRandom random = new SplittableRandom(11);
        double[][] raw = new double[channels.size()][n];
        for (int e = 0; e < n; e++) {
            raw[0][e] = (float) random.nextDouble(0, 100_000);
            raw[1][e] = (float) random.nextDouble(0, 1024);
            raw[2][e] = random.nextDouble(-500, 200_000);
            raw[3][e] = (float) random.nextDouble(-500, 200_000);
            raw[4][e] = (float) random.nextDouble(-500, 200_000);
        }
        List<String> fl = List.of("FL1", "FL2", "FL3");
        SpilloverMatrix m = new SpilloverMatrix(fl, fl,
                new double[][] {{1, 0.1, 0.02}, {0.05, 1, 0.2}, {0.01, 0.03, 1}}, false);
        ScaleTransformation logicle = ScaleTransformation.logicle("L", 262144, 0.5, 4.5, 0).withBounds(0, 1.05);
        RatioTransformation ratio = RatioTransformation.of("R", "FL2", "FL3", 1, 0, 1);
        Dimension fl1 = Dimension.of("FL1", "M", "L");
        Dimension fl2 = Dimension.of("FL2", "M", "L");
        Dimension fl3 = Dimension.of("FL3", "M", null);
        Dimension r = Dimension.ratio("R", "M", null);
        var cells = new RectangleGate("Cells", null, List.of(
                new RectangleGate.Range(Dimension.of("FSC"), 10_000, 90_000),
                new RectangleGate.Range(Dimension.of("SSC"), 5, Double.POSITIVE_INFINITY)));
        var poly = new PolygonGate("Poly", "Cells", fl1, fl2, List.of(new PolygonGate.Vertex(0.1, 0.1),
                new PolygonGate.Vertex(0.9, 0.2), new PolygonGate.Vertex(0.8, 0.9), new PolygonGate.Vertex(0.2, 0.7)));
        var ell = new EllipsoidGate("Ell", "Cells", List.of(fl1, fl3), List.of(0.5, 50_000.0),
                List.of(List.of(0.05, 0.0), List.of(0.0, 1e9)), 1);
        var quad = new QuadrantGate("Q", "Poly", List.of(
                new QuadrantGate.Divider("d1", fl2, List.of(0.5)),
                new QuadrantGate.Divider("d2", r, List.of(1.0))),
                List.of(quad("Qa", 0, 0), quad("Qb", 0, 2), quad("Qc", 1, 0), quad("Qd", 1, 2)));
        var strategy = new GatingStrategy(List.of(cells, poly, ell, quad), Map.of("L", logicle, "R", ratio),
                Map.of("M", m));

        // Column-at-a-time definition.
        double[][] scaled = new double[channels.size()][];
        for (int c = 0; c < scaled.length; c++) {
            scaled[c] = new double[n];
            double[] in = new double[n];
            for (int e = 0; e < n; e++) {
                in[e] = c == 2 ? raw[c][e] : (float) raw[c][e];
            }
            channels.get(c).toScale(in, scaled[c], n);
        }
        double[][] comp = new double[3][n];
        Compensator.of(m).apply(new double[][] {scaled[2], scaled[3], scaled[4]}, comp, n);
        LogicleTransform lt = new LogicleTransform(262144, 0.5, 4.5, 0);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        lt.apply(comp[0], x1, n);
        lt.apply(comp[1], x2, n);
        logicle.clamp(x1, n);
        logicle.clamp(x2, n);
        double[] rv = new double[n];
        new RatioTransform(1, 0, 1).apply(comp[1], comp[2], rv, n);
        EventMask cellsMask = Gates.mask(cells, new double[][] {scaled[0], scaled[1]}, n);
        EventMask polyMask = Gates.mask(poly, new double[][] {x1, x2}, n).and(cellsMask);
        EventMask ellMask = Gates.mask(ell, new double[][] {x1, comp[2]}, n).and(cellsMask);

        Sample sample = new Sample("blocks", 0, Map.of(), channels, n, Optional.empty(), List.of());
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            GatingResult result;
            try (EventFrame frame = EventFrame.fromColumns(allocator, sample, raw)) {
                result = strategy.evaluate(frame);
            }
            assertArrayEquals(scaled[0], result.values("Cells", 0));
            assertArrayEquals(scaled[1], result.values("Cells", 1));
            assertArrayEquals(x1, result.values("Poly", 0));
            assertArrayEquals(x2, result.values("Poly", 1));
            assertArrayEquals(comp[2], result.values("Ell", 1));
            assertArrayEquals(rv, result.values("Qa", 1));
            assertEquals(cellsMask, result.mask("Cells"));
            assertEquals(polyMask, result.mask("Poly"));
            assertEquals(ellMask, result.mask("Ell"));
            List<Integer> counts = new ArrayList<>();
            for (QuadrantGate.Quadrant q : quad.quadrants()) {
                EventMask expected = Gates.mask(quad.asRectangle(q), new double[][] {x2, rv}, n).and(polyMask);
                assertEquals(expected, result.mask(q.id()), q.id());
                counts.add(expected.count());
            }
            // Not degenerate: every population is a proper, non-empty part of its parent.
            assertTrue(0 < polyMask.count() && polyMask.count() < cellsMask.count(), "Poly " + polyMask.count());
            assertTrue(0 < ellMask.count() && ellMask.count() < cellsMask.count(), "Ell " + ellMask.count());
            assertTrue(counts.stream().allMatch(c -> c > 0), "quadrants " + counts);
            assertEquals(polyMask.count(), counts.stream().mapToInt(Integer::intValue).sum());
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /** No events: the empty block still validates channels and matrices, and every population is empty. */
    @Test
    void anEmptySampleGivesEmptyPopulations() {
        List<Channel> channels = List.of(
                Channel.linear(0, "FSC", null, 262144),
                new Channel(1, "FL1", null, 64, 262144, ColumnStorage.FLOAT64, 0, 0, Double.NaN, false, 1),
                Channel.linear(2, "FL2", null, 262144));
        List<String> fl = List.of("FL1", "FL2");
        SpilloverMatrix m = new SpilloverMatrix(fl, fl, new double[][] {{1, 0.1}, {0.05, 1}}, false);
        ScaleTransformation logicle = ScaleTransformation.logicle("L", 262144, 0.5, 4.5, 0);
        var cells = new RectangleGate("Cells", null, List.of(
                new RectangleGate.Range(Dimension.of("FSC"), 10_000, 90_000)));
        var poly = new PolygonGate("Poly", "Cells", Dimension.of("FL1", "M", "L"), Dimension.of("FL2", "M", "L"),
                List.of(new PolygonGate.Vertex(0.1, 0.1), new PolygonGate.Vertex(0.9, 0.2),
                        new PolygonGate.Vertex(0.5, 0.9)));
        var strategy = new GatingStrategy(List.of(cells, poly), Map.of("L", logicle), Map.of("M", m));
        Sample sample = new Sample("empty", 0, Map.of(), channels, 0, Optional.empty(), List.of());
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            GatingResult result;
            try (EventFrame frame = EventFrame.fromColumns(allocator, sample, new double[3][0])) {
                result = strategy.evaluate(frame);
            }
            assertEquals(0, result.mask("Cells").count());
            assertEquals(0, result.mask("Poly").count());
            assertEquals(0, result.values("Poly", 0).length);
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    private static QuadrantGate.Quadrant quad(String id, double x, double y) {
        return new QuadrantGate.Quadrant(id, Map.of("d1", x, "d2", y));
    }
}
