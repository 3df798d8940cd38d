package org.cytoarrow.gating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.gating.GatingStrategy.PopulationNode;

/**
 * Evaluates a strategy on one sample: the columns gates see (see {@link ColumnCache}), then geometric gates (in
 * parallel, each over whole columns; each distinct rectangle interval once), then parents and Boolean gates
 * combined on masks in dependency order.
 */
final class GatingEngine {
    private final GatingStrategy strategy;
    private final int n;
    private final ColumnCache columns;

    GatingEngine(GatingStrategy strategy, EventFrame frame) {
        this.strategy = strategy;
        this.n = frame.eventCount();
        // Every distinct column the gates see, once (blocked and in parallel inside the cache).
        Set<Dimension> needed = new LinkedHashSet<>();
        for (PopulationNode node : strategy.nodes().values()) {
            needed.addAll(node.gate().dimensions());
            if (node.region() instanceof RectangleGate r) {
                r.ranges().forEach(range -> needed.add(range.dimension()));
            }
        }
        this.columns = new ColumnCache(strategy, frame, needed);
    }

    /** One interval test on one computed column (arrays compare by identity: one per distinct column). */
    private record Interval(double[] column, double min, double max) { }

    GatingResult run() {
        List<PopulationNode> nodes = List.copyOf(strategy.nodes().values());
        Map<String, double[][]> values = new HashMap<>();
        // Rectangles (and quadrants) are ANDs of interval tests: each distinct interval once (the quadrants of a
        // quadrant gate share their dividers' intervals); polygons and ellipsoids whole. All in parallel.
        Map<Interval, long[]> intervals = new ConcurrentHashMap<>();
        List<Object> work = new ArrayList<>();
        Set<Interval> distinct = new LinkedHashSet<>();
        for (PopulationNode node : nodes) {
            List<Dimension> dims = node.gate().dimensions();
            double[][] cols = new double[dims.size()][];
            for (int d = 0; d < cols.length; d++) {
                cols[d] = columns.column(dims.get(d));
            }
            values.put(node.id(), cols);
            if (node.region() instanceof RectangleGate r) {
                r.ranges().forEach(range -> distinct.add(interval(range)));
            } else if (!(node.region() instanceof BooleanGate)) {
                work.add(node);
            }
        }
        work.addAll(distinct);
        Map<String, long[]> own = new ConcurrentHashMap<>();
        work.parallelStream().forEach(w -> {
            if (w instanceof Interval i) {
                long[] words = new long[(n + 63) >>> 6];
                GateKernels.range(i.column(), i.min(), i.max(), words, n, false);
                intervals.put(i, words);
            } else {
                PopulationNode node = (PopulationNode) w;
                own.put(node.id(), evaluate(node, values.get(node.id())));
            }
        });
        for (PopulationNode node : nodes) {
            if (node.region() instanceof RectangleGate r) {
                long[] words = new long[(n + 63) >>> 6];
                for (int d = 0; d < r.ranges().size(); d++) {
                    long[] bits = intervals.get(interval(r.ranges().get(d)));
                    for (int k = 0; k < words.length; k++) {
                        words[k] = d == 0 ? bits[k] : words[k] & bits[k];
                    }
                }
                own.put(node.id(), words);
            }
        }
        Map<String, EventMask> masks = new LinkedHashMap<>();
        for (PopulationNode node : nodes) {
            EventMask m = node.region() instanceof BooleanGate b
                    ? bool(b, masks) : EventMask.ofWords(own.get(node.id()), n);
            if (node.parentId() != null) {
                m = m.and(masks.get(node.parentId()));
            }
            masks.put(node.id(), m);
        }
        return new GatingResult(strategy, n, masks, new HashMap<>(values));
    }

    private long[] evaluate(PopulationNode node, double[][] cols) {
        Gate region = node.region();
        if (region instanceof PolygonGate p) {
            return GateKernels.polygon(cols[0], cols[1], p.vertices(), n);
        }
        if (region instanceof EllipsoidGate e) {
            double[] mean = e.mean().stream().mapToDouble(Double::doubleValue).toArray();
            return GateKernels.ellipsoid(cols, mean, e.inverseCovariance(), e.distanceSquare(), n);
        }
        throw new IllegalStateException("Unexpected gate " + region);
    }

    private Interval interval(RectangleGate.Range range) {
        return new Interval(columns.column(range.dimension()), range.min(), range.max());
    }

    private EventMask bool(BooleanGate b, Map<String, EventMask> masks) {
        EventMask acc = null;
        for (BooleanGate.Operand o : b.operands()) {
            EventMask m = masks.get(o.ref());
            if (o.complement()) {
                m = m.not();
            }
            if (acc == null) {
                acc = m;
            } else {
                acc = b.op() == BooleanGate.Op.AND ? acc.and(m) : acc.or(m);
            }
        }
        return b.op() == BooleanGate.Op.NOT ? acc.not() : acc;
    }
}
